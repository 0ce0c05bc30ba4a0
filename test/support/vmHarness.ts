import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { encodeValue } from '../../contracts/sdk/abi.ts'
import { compiledOnce } from '../../toolkit/compiler/fixtures/compiledOnce.ts'
import { executeCall, executeDeploy, type CallOutcome, type ChainState, type Vm } from '../../vm/index.ts'

/** A deterministic address for a label: `addr('alice')`. */
export function addr(label: string): string {
  return '0x' + bytesToHex(sha256(new TextEncoder().encode(label))).slice(0, 40)
}

/** `out` if the call succeeded; otherwise throws with its code and reason (a test's failure message). */
export function ok(out: CallOutcome): CallOutcome {
  if (out.status !== 'success') throw new Error(`expected success, got ${out.code}: ${out.reason}`)
  return out
}

/** Compile a contract once per test process (path relative to the repository root). */
export const artifact = compiledOnce

/**
 * A minimal chain over the VM for tests: in-memory state, outcomes applied on success, a
 * block height and time that tests move. Not the node: no signatures, fees or blocks.
 */
export class TestChain implements ChainState {
  readonly storage = new Map<string, string>()
  readonly balances = new Map<string, bigint>()
  readonly codeHashes = new Map<string, string>()
  readonly codes = new Map<string, string>()
  height = 1
  time = Date.UTC(2026, 0, 1)
  private txCount = 0

  constructor(readonly vm: Vm) {}

  getStorage(contract: string, key: string): string | undefined {
    return this.storage.get(contract + '\u0000' + key)
  }
  getBalance(address: string): bigint {
    return this.balances.get(address) ?? 0n
  }
  getCodeHash(address: string): string | undefined {
    return this.codeHashes.get(address)
  }
  getCode(codeHash: string): string | undefined {
    return this.codes.get(codeHash)
  }

  private nextTx(): string {
    return '0x' + bytesToHex(sha256(new TextEncoder().encode(`tx${++this.txCount}`)))
  }

  apply(out: CallOutcome): void {
    if (out.status !== 'success') return
    for (const c of out.storageChanges) {
      const k = c.contract + '\u0000' + c.key
      if (c.value === null) this.storage.delete(k)
      else this.storage.set(k, c.value)
    }
    for (const b of out.balanceChanges) this.balances.set(b.address, b.balance)
  }

  deployCode(from: string, code: string, args: unknown[] = [], opts: { gasLimit?: number; value?: bigint; address?: string } = {}) {
    const address = opts.address ?? addr(`contract${this.codeHashes.size}:${from}`)
    const out = executeDeploy(this.vm, this, { height: this.height, time: this.time }, {
      from,
      address,
      code,
      args: JSON.stringify(encodeValue(args)),
      value: opts.value ?? 0n,
      gasLimit: opts.gasLimit ?? 50_000_000,
      txHash: this.nextTx(),
    })
    if (out.status === 'success') {
      this.codeHashes.set(address, out.codeHash)
      this.codes.set(out.codeHash, code)
      this.apply(out)
    }
    return { address, outcome: out }
  }

  async deploy(path: string, from: string, args: unknown[] = [], opts: { gasLimit?: number; value?: bigint } = {}): Promise<string> {
    const a = await artifact(path)
    const { address, outcome } = this.deployCode(from, a.code, args, opts)
    if (outcome.status !== 'success') throw new Error(`deploy ${path}: ${outcome.code} ${outcome.reason}`)
    return address
  }

  /** Send a state-changing call; applies it on success. */
  send(from: string, to: string, method: string, args: unknown[] = [], opts: { gasLimit?: number; value?: bigint } = {}): CallOutcome {
    const out = executeCall(this.vm, this, { height: this.height, time: this.time }, {
      from,
      to,
      method,
      args: JSON.stringify(encodeValue(args)),
      value: opts.value ?? 0n,
      gasLimit: opts.gasLimit ?? 10_000_000,
      txHash: this.nextTx(),
    })
    this.apply(out)
    return out
  }

  /** A read-only call; returns the outcome (nothing is applied). */
  view(to: string, method: string, args: unknown[] = [], from = addr('viewer')): CallOutcome {
    return executeCall(this.vm, this, { height: this.height, time: this.time }, {
      from,
      to,
      method,
      args: JSON.stringify(encodeValue(args)),
      value: 0n,
      gasLimit: 10_000_000,
      txHash: '0x' + '0'.repeat(64),
      readonly: true,
    })
  }

  /** The decoded JSON return value of a successful view; throws with the code otherwise. */
  read(to: string, method: string, args: unknown[] = []): unknown {
    const out = this.view(to, method, args)
    if (out.status !== 'success') throw new Error(`${method}: ${out.code} ${out.reason}`)
    return JSON.parse(out.returnValue!)
  }
}
