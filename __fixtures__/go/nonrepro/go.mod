module example.com/nonrepro

go 1.22
