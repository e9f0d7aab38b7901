// Package impartial holds the vocabulary of conflict-of-interest screening:
// entities and how they are related, contacts, matters with their parties,
// statements on the record, and the dates, statuses and errors they use. It
// imports only the standard library; every other package of the system
// depends on it, and it depends on none of them.
package impartial
