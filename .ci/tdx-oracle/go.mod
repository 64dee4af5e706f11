module enclave-build/tdx-oracle

go 1.21

require github.com/google/gce-tcb-verifier v0.3.1

require (
	github.com/google/uuid v1.6.0 // indirect
	golang.org/x/exp v0.0.0-20240409090435-93d18d7e34b8 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
)
