import { unavailable } from './unavailable.js'

export const nitroBuild = unavailable('nitro build', 4)
export const nitroDescribe = unavailable('nitro describe', 4)
export const nitroPcr = unavailable('nitro pcr', 4)
