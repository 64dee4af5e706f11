/** Largest vCPU count accepted (QEMU's own limit is far below). */
export const MAX_VCPUS = 1 << 16
