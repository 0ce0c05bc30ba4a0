/**
 * Puts values through the VM's stored-value codec (`__chain.setStored` / `getStored` / `keyOf`)
 * with the SDK's own codec (contracts/sdk/codec.ts) on the other side, so a test can check the
 * two agree. Used by test/vm/storedValues.test.ts.
 */
import { decodeStored, encodeKey, encodeStored, type Key, type Storable } from '../../../contracts/sdk/codec.ts'
import { call, view } from '../../../contracts/sdk/index.ts'

/** Store the value the SDK encodes as `raw`, through the VM's encoder. */
export const put = call((raw: string): void => {
  __chain.setStored('v', decodeStored<Storable>(raw))
})

/** Read the stored value through the VM's decoder, and return the SDK's encoding of it. */
export const readBack = view((): string => encodeStored(__chain.getStored('v') as Storable))

/** The VM's key encoding and the SDK's, for the key the SDK encodes as `raw`. */
export const keys = view((raw: string): string[] => {
  const key = decodeStored<Storable>(raw) as Key
  return [__chain.keyOf(key), encodeKey(key)]
})
