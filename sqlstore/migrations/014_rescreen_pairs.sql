-- The pairs pending re-screening work may change, once the process carrying
-- it out has worked them out from the graph (scoped): until then work that
-- moves the graph counts as affecting every matter. Existing entries keep
-- their scope (all_matters, matters, persons) and are not scoped.
ALTER TABLE rescreens ADD COLUMN pairs {json} NOT NULL DEFAULT '[]';
ALTER TABLE rescreens ADD COLUMN scoped BOOLEAN NOT NULL DEFAULT FALSE;
