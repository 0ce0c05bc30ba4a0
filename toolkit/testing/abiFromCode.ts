import type { Abi } from '../../contracts/sdk/abi.ts'

// compileContract appends the ABI as the bundle's last line: `module.exports.$abi={...};`.
const ABI_LINE = /\nmodule\.exports\.\$abi=(\{.*\});\n?$/

/**
 * The ABI a compiled bundle carries (the compiler appends it to the code, so the node stores it
 * with the contract): lets a test or deploy script talk to a contract it has no artifact for.
 * Undefined when the code has no embedded ABI.
 * @example abiFromCode((await callRpc(provider, 'chain_getCode', [address]))!.code!)?.methods.length // 9
 */
export function abiFromCode(code: string): Abi | undefined {
  const match = ABI_LINE.exec(code)
  if (!match) return undefined
  try {
    const abi = JSON.parse(match[1]!) as Abi
    return abi.version === 1 && Array.isArray(abi.methods) && Array.isArray(abi.events) ? abi : undefined
  } catch {
    return undefined
  }
}
