import { unavailable } from './unavailable.js'

export const snpMeasure = unavailable('snp measure', 7)
export const snpInitrd = unavailable('snp initrd', 7)
