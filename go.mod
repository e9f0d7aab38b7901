module github.com/impartial/impartial

go 1.26
