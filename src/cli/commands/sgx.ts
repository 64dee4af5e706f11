import { unavailable } from './unavailable.js'

export const sigstructView = unavailable('sgx sigstruct-view', 3)
export const genKey = unavailable('sgx gen-key', 3)
