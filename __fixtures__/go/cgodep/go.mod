module example.com/cgodep

go 1.22

require (
	example.com/cdep v1.0.0
	example.com/pure v1.0.0
)
