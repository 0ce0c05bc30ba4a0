import { describe, expect, it } from 'vitest'
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeTransaction } from './encodeTransaction.ts'
import { CHAIN_ERRORS } from './errors.ts'
import { CHAIN_ID, alice, bob, samples } from './fixtures/samples.ts'
import { intrinsicGas } from './intrinsicGas.ts'
import { signTransaction } from './signTransaction.ts'
import { txHash } from './txHash.ts'
import type { SignedTransaction, Transaction } from './types.ts'
import { MAX_ARGS_DEPTH, validateTransaction, type ValidateTransactionOptions } from './validateTransaction.ts'

const opts: ValidateTransactionOptions = { chainId: CHAIN_ID, maxTxBytes: 64 * 1024 }
const signed = (tx: Transaction) => signTransaction(tx, alice.secretKey)
const codeOf = (input: Uint8Array | SignedTransaction, o: ValidateTransactionOptions = opts) => {
  const v = validateTransaction(input, o)
  return v.ok ? 'ok' : v.code
}
const callWithArgs = (args: string) => signed({ ...samples.call!, gasLimit: 10_000_000, payload: { type: 'call', to: bob.address, method: 'f', args } })

describe('validateTransaction', () => {
  it('valid bytes of every sample: ok with the decoded transaction, its hash and its size', () => {
    for (const tx of Object.values(samples)) {
      const stx = signed(tx)
      const bytes = encodeTransaction(stx)
      expect(validateTransaction(bytes, opts)).toEqual({ ok: true, tx: stx, hash: txHash(stx), size: bytes.length })
    }
  })

  it('valid object: same verdict as its bytes', () => {
    const stx = signed(samples.deploy!)
    expect(validateTransaction(stx, opts)).toEqual(validateTransaction(encodeTransaction(stx), opts))
  })

  it('bytes over maxTxBytes: rejected with TX_TOO_LARGE before decoding', () => {
    expect(codeOf(new Uint8Array(opts.maxTxBytes + 1), opts)).toBe('TX_TOO_LARGE')
  })

  it('object whose encoding is over maxTxBytes: rejected with TX_TOO_LARGE', () => {
    const big = signed({ ...samples.deploy!, gasLimit: 10_000_000, payload: { type: 'deploy', code: 'x'.repeat(opts.maxTxBytes), args: '[]' } })
    expect(codeOf(big)).toBe('TX_TOO_LARGE')
  })

  it('garbage, truncated or trailing bytes: rejected with TX_MALFORMED', () => {
    const bytes = encodeTransaction(signed(samples.transfer!))
    expect(codeOf(Uint8Array.of(1, 2, 3))).toBe('TX_MALFORMED')
    expect(codeOf(bytes.subarray(0, bytes.length - 1))).toBe('TX_MALFORMED')
    expect(codeOf(Uint8Array.from([...bytes, 0]))).toBe('TX_MALFORMED')
  })

  it('object with a field outside its schema (negative value): rejected with TX_MALFORMED', () => {
    expect(codeOf({ ...signed(samples.transfer!), value: -1n })).toBe('TX_MALFORMED')
  })

  it('another chain id: rejected with TX_WRONG_CHAIN', () => {
    expect(codeOf(signed({ ...samples.transfer!, chainId: 'other-chain' }))).toBe('TX_WRONG_CHAIN')
  })

  it('gas limit one below intrinsic gas: rejected with TX_GAS_LIMIT_BELOW_INTRINSIC; exactly intrinsic: ok', () => {
    const tx = samples.deploy!
    expect(codeOf(signed({ ...tx, gasLimit: intrinsicGas(tx) - 1 }))).toBe('TX_GAS_LIMIT_BELOW_INTRINSIC')
    expect(codeOf(signed({ ...tx, gasLimit: intrinsicGas(tx) }))).toBe('ok')
  })

  it('gas limit over maxGasLimit: rejected with TX_GAS_LIMIT_ABOVE_MAXIMUM', () => {
    const stx = signed(samples.call!)
    expect(codeOf(stx, { ...opts, maxGasLimit: stx.gasLimit - 1 })).toBe('TX_GAS_LIMIT_ABOVE_MAXIMUM')
    expect(codeOf(stx, { ...opts, maxGasLimit: stx.gasLimit })).toBe('ok')
  })

  it.each([
    ['whitespace', '[1, 2]'],
    ['not an array', '{"a":1}'],
    ['not JSON', '[1,'],
    ['a non-canonical number', '[1.0]'],
    ['an escaped character JSON.stringify writes plainly', '["\\u0041"]'],
    ['empty text', ''],
    [`nesting deeper than ${MAX_ARGS_DEPTH}`, '['.repeat(MAX_ARGS_DEPTH + 1) + ']'.repeat(MAX_ARGS_DEPTH + 1)],
    ['very deep nesting (100k)', '['.repeat(100_000) + ']'.repeat(100_000)],
  ])('call args with %s: rejected with TX_BAD_ARGS', (_name, args) => {
    const stx = callWithArgs(args)
    expect(codeOf(stx, { ...opts, maxTxBytes: 1 << 20 })).toBe('TX_BAD_ARGS')
  })

  it('deploy args that are not canonical: rejected with TX_BAD_ARGS', () => {
    expect(codeOf(signed({ ...samples.deploy!, payload: { type: 'deploy', code: 'x', args: '[ ]' } }))).toBe('TX_BAD_ARGS')
  })

  it.each([
    ['empty', '[]'],
    ['strings, numbers, nested', '["0xab","5",1e+21,-0.5,[true,null,{"k":"v"}]]'],
    [`nesting exactly ${MAX_ARGS_DEPTH}`, '['.repeat(MAX_ARGS_DEPTH) + ']'.repeat(MAX_ARGS_DEPTH)],
    ['brackets inside strings', '["[[[[{{{{","\\"]"]'],
  ])('call args %s (JSON.stringify output): ok', (_name, args) => {
    expect(codeOf(callWithArgs(args))).toBe('ok')
  })

  it('value changed after signing: rejected with TX_BAD_SIGNATURE', () => {
    expect(codeOf({ ...signed(samples.transfer!), value: 1n })).toBe('TX_BAD_SIGNATURE')
  })

  it("signature by another key over the same transaction: rejected with TX_BAD_SIGNATURE", () => {
    const stx = signed(samples.transfer!)
    const { from: _from, ...unsigned } = stx
    const byBob = signTransaction(unsigned, bob.secretKey)
    expect(codeOf({ ...stx, signature: byBob.signature })).toBe('TX_BAD_SIGNATURE')
  })

  it('malleated signature (S + L): rejected with TX_BAD_SIGNATURE', () => {
    const stx = signed(samples.transfer!)
    let s = 0n
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(stx.signature[i]!)
    s += ed25519.Point.Fn.ORDER
    const sig = stx.signature.slice()
    for (let i = 32; i < 64; i++, s >>= 8n) sig[i] = Number(s & 0xffn)
    expect(codeOf({ ...stx, signature: sig })).toBe('TX_BAD_SIGNATURE')
  })

  it('every error code it returns: registered in CHAIN_ERRORS with a hint', () => {
    for (const code of ['TX_TOO_LARGE', 'TX_MALFORMED', 'TX_WRONG_CHAIN', 'TX_GAS_LIMIT_BELOW_INTRINSIC', 'TX_GAS_LIMIT_ABOVE_MAXIMUM', 'TX_BAD_ARGS', 'TX_BAD_SIGNATURE']) {
      expect(CHAIN_ERRORS[code as keyof typeof CHAIN_ERRORS].hint.length).toBeGreaterThan(10)
    }
  })
})
