module riptide

go 1.19
