/** `0x` + lowercase hex of `bytes`. @example toHex(Uint8Array.of(1, 255)) // '0x01ff' */
export function toHex(bytes: Uint8Array): string {
  return '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')
}

/** The bytes of a `0x`-prefixed, even-length hex string (either case); throws TypeError otherwise. */
export function fromHex(hex: string): Uint8Array {
  if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError(`fromHex: not 0x-prefixed even-length hex: ${hex.slice(0, 20)}`)
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'))
}
