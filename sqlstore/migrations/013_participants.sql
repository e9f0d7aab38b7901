-- The persons who took part in a matter personally (government lawyer,
-- judge, law clerk, arbitrator, counsel), with capacity, dates and source:
-- the facts of ABA Model Rules 1.11 and 1.12 and 28 USC 455(b)(2)-(3).
ALTER TABLE matters ADD COLUMN participants {json} NOT NULL DEFAULT '[]';
