import { unavailable } from './unavailable.js'

export const gramineManifest = unavailable('gramine manifest', 3)
export const gramineSign = unavailable('gramine sign', 3)
export const gramineMeasure = unavailable('gramine measure', 3)
