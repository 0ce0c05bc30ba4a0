/**
 * The contract SDK: what contract authors import.
 * @example
 * import { PersistentMap, call, view, msg, require, type Address } from '../sdk/index.ts'
 */
export type { Abi, AbiEvent, AbiMethod, AbiParam, AbiType, MethodKind } from './abi.ts'
export { encodeValue, decodeValue, decodeArgs, AbiDecodeError } from './abi.ts'
export type { Key, Storable } from './codec.ts'
export { msg, tx, block, selfAddress, isAddress, ZERO_ADDRESS, type Address } from './context.ts'
export { require, revert, isCallError } from './errors.ts'
export { event, type EventDef } from './event.ts'
export type { CallContext, CallErrorLike, CallOptions, ChainHost } from './host.ts'
export { call, init, view, type Call, type Init, type MethodOptions, type View } from './methods.ts'
export { nativeBalance, sendNative } from './native.ts'
export { PersistentMap } from './PersistentMap.ts'
export { PersistentValue } from './PersistentValue.ts'
export { PersistentVector } from './PersistentVector.ts'
export { contract, type Remote } from './remote.ts'
