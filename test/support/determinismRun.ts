/**
 * Runs a fixed call sequence in a fresh VM and prints one digest line of every outcome (status,
 * code, gas, return value, events, storage). Run in child processes with different TZ values
 * by test/vm/determinism.test.ts; the digests must match byte for byte.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { createVm, disposeVm } from '../../vm/index.ts'
import { determinismScript } from './determinismScript.ts'

const vm = await createVm()
const lines = await determinismScript(vm)
disposeVm(vm)
console.log(JSON.stringify({ digest: bytesToHex(sha256(new TextEncoder().encode(lines.join('\n')))), lines: lines.length, tz: process.env.TZ, offset: new Date(2020, 0, 1).getTimezoneOffset() }))
