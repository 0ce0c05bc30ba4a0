// The sandbox prelude: evaluated once per engine instance, before any contract, and kept in the
// instance's blank snapshot. Contract code is evaluated later, as its own script, inside
// `(function (module, exports) { "use strict"; ... })` and handed to the setup function this
// script returns.
//
// The gas counter `__qg_gas` is a global lexical binding: instrumented code reaches it by name
// (as fast as a closure variable in QuickJS), while contract code cannot name it (the
// instrumenter rejects every identifier starting with `__qg_`) and cannot reach it otherwise:
// lexical bindings are not properties of globalThis, `with` is a syntax error in strict code,
// and `eval`/`Function` are removed below. Only `__qg_*` names are declared at the top level.
//
// Determinism rules that bind here: no host time, no host randomness, no host time zone; every
// value crossing to the host is a string or a number; the output of dispatch is a pure function
// of (memory snapshot, method, args, context, gas).
'use strict';
let __qg_gas = 0;
let __qg_rt;
const __qg_oog = function () { __qg_gas = -1; __qg_rt.host.oog(); throw new __qg_rt.OutOfGas(); };
const __qg_mul = function (a, b) { const r = a * b; if (typeof r === 'bigint') __qg_rt.bigCheck(r); return r; };
const __qg_pow = function (a, b) { if (typeof b === 'bigint') __qg_rt.powCheck(a, b); const r = a ** b; if (typeof r === 'bigint') __qg_rt.bigCheck(r); return r; };
const __qg_shl = function (a, b) { if (typeof b === 'bigint') __qg_rt.shlCheck(a, b); const r = a << b; if (typeof r === 'bigint') __qg_rt.bigCheck(r); return r; };
// o[k] op= v with o and k evaluated once (the instrumenter's rewrite of *=, **=, <<=).
const __qg_opset = function (op, o, k, v) { const r = op(o[k], v); o[k] = r; return r; };
(function (__qg_host, __qg_config) {
// Setting up calls metered builtins (new Set, ...): give the prelude itself unlimited gas.
__qg_gas = Number.MAX_SAFE_INTEGER;
__qg_rt = (function () {
  const G = globalThis;
  const { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, ownKeys } = Reflect;
  const { freeze, isFrozen, keys: objectKeys, hasOwn } = Object;
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const strSplit = String.prototype.split;
  // Captured before metering: the dispatch epilogue must not charge (the frame may be out of gas).
  const strSlice = String.prototype.slice;
  // Strings that leave the sandbox are stored as UTF-8: a lone surrogate has no UTF-8 form and
  // would make every node fail to commit the block. Keys, values and names must be well formed;
  // free text (reasons) is repaired instead.
  const isWellFormed = String.prototype.isWellFormed;
  const toWellFormed = String.prototype.toWellFormed;
  const wellFormed = (s) => isWellFormed.call(s);
  const repaired = (s) => toWellFormed.call(String(s));
  const isArray = Array.isArray;
  const RealDate = Date;
  const dateParse = Date.parse;
  const dateUTC = Date.UTC;
  const numberIsSafeInteger = Number.isSafeInteger;
  const numberIsFinite = Number.isFinite;
  const NativeBigInt = BigInt;
  const bigIntToString = BigInt.prototype.toString;
  const objectIs = Object.is;
  const ObjectProto = Object.prototype;
  const S = __qg_config.schedule;
  const L = __qg_config.limits;
  const MAX_BIGINT_BITS = L.maxBigIntBits;
  const BIG_LIMIT = 1n << BigInt(MAX_BIGINT_BITS);
  const DECIMAL = /^-?(0|[1-9][0-9]*)$/;
  const decimalTest = RegExp.prototype.test;
  const isDecimal = (s) => apply(decimalTest, DECIMAL, [s]);

  const charge = (n) => { if ((__qg_gas -= n) < 0) __qg_oog(); };
  const chargeUnits = (units) => charge(S.builtinBase + Math.ceil(units / S.builtinUnitsPerGas));

  // ---- errors the contract can see (and catch, except out of gas which the host enforces) ----
  class Revert extends Error { constructor(reason) { super(reason); this.name = 'Revert'; } }
  class CallError extends Error { constructor(code, message) { super(message); this.name = 'CallError'; this.code = code; } }
  class LimitError extends Error { constructor(message) { super(message); this.name = 'LimitError'; } }
  class StaticCallError extends Error { constructor(message) { super(message); this.name = 'StaticCallError'; } }
  class OutOfGas extends Error { constructor() { super('out of gas'); this.name = 'OutOfGas'; } }

  const bigCheck = (r) => { if (r >= BIG_LIMIT || r <= -BIG_LIMIT) throw new RangeError('BigInt larger than ' + MAX_BIGINT_BITS + ' bits'); };
  const bitLength = (a) => { if (a < 0n) a = -a; let bits = 0; while (a >= 1n << 64n) { a >>= 64n; bits += 64; } while (a > 0n) { a >>= 1n; bits++; } return bits; };
  const powCheck = (a, b) => {
    if (typeof a !== 'bigint') return;
    if (a === 0n || a === 1n || a === -1n || b <= 1n) return;
    if (b > BigInt(MAX_BIGINT_BITS) || BigInt(bitLength(a) - 1) * b > BigInt(MAX_BIGINT_BITS)) throw new RangeError('BigInt larger than ' + MAX_BIGINT_BITS + ' bits');
  };
  const shlCheck = (a, b) => { if (b > BigInt(MAX_BIGINT_BITS) && a !== 0n) throw new RangeError('BigInt larger than ' + MAX_BIGINT_BITS + ' bits'); };

  // ---- metering of native builtins: they never poll, so charge them by size ----
  // A wrapper costs one extra call; `orig.call(this, a, b, c)` is the cheapest form in QuickJS
  // (rest parameters and Reflect.apply cost twice as much). Passing explicit `undefined` for
  // missing arguments is the same as omitting them for every method metered this way; the
  // variadic and arity-sensitive ones (concat, splice, lastIndexOf, ...) use `meterRest`.
  const meter = (obj, name, cost) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    const wrapped = { [name](a, b, c) { charge(S.builtinBase + ((cost(this, a, b) / S.builtinUnitsPerGas) | 0)); return orig.call(this, a, b, c); } }[name];
    defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  };
  const meterRest = (obj, name, cost) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    const wrapped = { [name](...args) { chargeUnits(cost(this, args)); return apply(orig, this, args); } }[name];
    defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  };
  const meterAfter = (obj, name, cost) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    const wrapped = { [name](a, b, c) { const r = orig.call(this, a, b, c); chargeUnits(cost(r)); return r; } }[name];
    defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  };
  const len = (x) => { if (x == null) return 0; const n = x.length; return typeof n === 'number' && n > 0 ? n : 0; };
  const strLen = (x) => (typeof x === 'string' ? x.length : 0);
  const num = (x) => { const n = +x; return n > 0 ? (n < 2 ** 53 ? n : 2 ** 53) : 0; };
  const nlogn = (n) => (n < 2 ? n : n * Math.ceil(Math.log2(n)));
  const selfLen = (s) => len(s);
  // The same charges as `meter` with the two commonest costs, the receiver's length and a string
  // argument's length times k, computed inline: a metered builtin is then one extra call, not four
  // (wrapper, cost, len, charge), which was a large share of a token transfer's interpretation.
  const BASE = S.builtinBase, UNITS = S.builtinUnitsPerGas;
  const meterSelf = (obj, name) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    const wrapped = { [name](a, b, c) {
      const n = this == null ? 0 : this.length;
      if ((__qg_gas -= BASE + (((typeof n === 'number' && n > 0 ? n : 0) / UNITS) | 0)) < 0) __qg_oog();
      return orig.call(this, a, b, c);
    } }[name];
    defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  };
  const meterArg = (obj, name, k) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    const wrapped = { [name](a, b, c) {
      if ((__qg_gas -= BASE + (((typeof a === 'string' ? a.length * k : 0) / UNITS) | 0)) < 0) __qg_oog();
      return orig.call(this, a, b, c);
    } }[name];
    defineProperty(obj, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  };

  const SP = String.prototype;
  meter(SP, 'repeat', (s, n) => len(s) * num(n));
  meter(SP, 'padStart', (s, n) => num(n));
  meter(SP, 'padEnd', (s, n) => num(n));
  for (const m of ['split', 'indexOf', 'includes', 'startsWith', 'endsWith', 'search', 'match', 'matchAll', 'slice',
    'substring', 'substr', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'normalize', 'toWellFormed', 'isWellFormed']) {
    meterSelf(SP, m);
  }
  meterRest(SP, 'lastIndexOf', selfLen);
  meter(SP, 'replace', (s, _, r) => len(s) * 2 + strLen(r));
  meter(SP, 'replaceAll', (s, _, r) => len(s) * (1 + strLen(r)));
  meterRest(SP, 'concat', (s, args) => { let n = len(s); for (const a of args) n += strLen(a); return n; });
  meter(SP, 'localeCompare', (s, o) => len(s) + strLen(o));
  meterRest(String, 'fromCharCode', (_, args) => args.length);
  meterRest(String, 'fromCodePoint', (_, args) => args.length);

  const AP = Array.prototype;
  for (const m of ['join', 'toString', 'toLocaleString', 'indexOf', 'includes', 'fill', 'reverse', 'slice', 'copyWithin', 'flat', 'toReversed', 'with', 'shift']) {
    meterSelf(AP, m);
  }
  for (const m of ['lastIndexOf', 'splice', 'toSpliced', 'unshift']) meterRest(AP, m, selfLen);
  meterRest(AP, 'concat', (a, args) => { let n = len(a); for (const x of args) n += len(x); return n; });
  meter(AP, 'sort', (a) => nlogn(len(a)));
  meter(AP, 'toSorted', (a) => nlogn(len(a)));
  meter(Array, 'from', (_, src) => len(src) + (src != null && typeof src.size === 'number' ? src.size : 0));
  meterRest(Array, 'of', (_, args) => args.length);

  meterArg(JSON, 'parse', 1);
  {
    const stringify = JSON.stringify;
    const wrapped = { stringify(a, b, c) {
      const r = stringify.call(this, a, b, c);
      if ((__qg_gas -= BASE + Math.ceil((typeof r === 'string' ? r.length : 0) / UNITS)) < 0) __qg_oog();
      return r;
    } }.stringify;
    defineProperty(JSON, 'stringify', { value: wrapped, writable: true, configurable: true, enumerable: false });
  }
  for (const m of ['keys', 'values', 'entries', 'getOwnPropertyNames', 'getOwnPropertySymbols']) meterAfter(Object, m, (r) => len(r));
  meterRest(Object, 'assign', (_, args) => { let n = 0; for (const a of args) if (a != null && typeof a === 'object') n += len(objectKeys(a)); return n; });
  meter(Object, 'fromEntries', (_, e) => len(e));

  const RP = RegExp.prototype;
  for (const m of ['exec', 'test']) meterArg(RP, m, 4);
  for (const sym of [Symbol.match, Symbol.matchAll, Symbol.replace, Symbol.search, Symbol.split]) meterArg(RP, sym, 4);

  // Decimal conversion is quadratic in the size; values under 2^256 (almost all) skip the measure.
  const L64 = 1n << 256n;
  const BP = BigInt.prototype;
  meter(BP, 'toString', (b) => { if (b < L64 && b > -L64) return 0; const bits = bitLength(b); return (bits * bits) >>> 8; });
  const bitsArg = (_, bits) => { if (num(bits) > MAX_BIGINT_BITS) throw new RangeError('BigInt larger than ' + MAX_BIGINT_BITS + ' bits'); return num(bits); };
  meter(BigInt, 'asIntN', bitsArg);
  meter(BigInt, 'asUintN', bitsArg);

  // Constructors that allocate by size: a Proxy charges, then forwards; instanceof still works.
  const meterConstructor = (name, cost) => {
    const Orig = G[name];
    if (typeof Orig !== 'function') return;
    const P = new Proxy(Orig, {
      construct(target, args, newTarget) { chargeUnits(cost(args)); return construct(target, args, newTarget === P ? target : newTarget); },
      apply(target, thisArg, args) { chargeUnits(cost(args)); return apply(target, thisArg, args); },
    });
    defineProperty(Orig.prototype, 'constructor', { value: P, writable: true, configurable: true, enumerable: false });
    defineProperty(G, name, { value: P, writable: true, configurable: true, enumerable: false });
  };
  const typedSize = (bytes) => (args) => { const a = args[0]; return (typeof a === 'number' ? num(a) : len(a)) * bytes; };
  for (const [name, bytes] of [['Int8Array', 1], ['Uint8Array', 1], ['Uint8ClampedArray', 1], ['Int16Array', 2], ['Uint16Array', 2],
    ['Int32Array', 4], ['Uint32Array', 4], ['Float16Array', 2], ['Float32Array', 4], ['Float64Array', 8], ['BigInt64Array', 8], ['BigUint64Array', 8]]) {
    meterConstructor(name, typedSize(bytes));
  }
  meterConstructor('ArrayBuffer', (args) => num(args[0]));
  meterConstructor('Map', (args) => len(args[0]));
  meterConstructor('Set', (args) => len(args[0]));
  meterConstructor('RegExp', (args) => strLen(args[0]) * 16);
  {
    // BigInt(x) is hot (every stored amount is parsed with it): a plain function, not a Proxy.
    const OrigBigInt = BigInt;
    const MAX_DIGITS = Math.ceil(MAX_BIGINT_BITS / 3.3) + 4;
    const SafeBigInt = { BigInt(v) {
      if (typeof v === 'string') {
        if (v.length > MAX_DIGITS) throw new RangeError('BigInt larger than ' + MAX_BIGINT_BITS + ' bits');
        charge(S.builtinBase + ((v.length / S.builtinUnitsPerGas) | 0));
      }
      const r = OrigBigInt(v);
      if (r >= L64 || r <= -L64) bigCheck(r);
      return r;
    } }.BigInt;
    defineProperty(SafeBigInt, 'prototype', { value: OrigBigInt.prototype, writable: false, configurable: false, enumerable: false });
    for (const k of ['asIntN', 'asUintN']) defineProperty(SafeBigInt, k, { value: OrigBigInt[k], writable: true, configurable: true, enumerable: false });
    defineProperty(OrigBigInt.prototype, 'constructor', { value: SafeBigInt, writable: true, configurable: true, enumerable: false });
    defineProperty(G, 'BigInt', { value: SafeBigInt, writable: true, configurable: true, enumerable: false });
  }
  const TAP = getPrototypeOf(Int8Array.prototype);
  for (const m of ['set', 'slice', 'fill', 'indexOf', 'includes', 'join', 'reverse', 'copyWithin', 'toString', 'toLocaleString', 'toReversed', 'with']) {
    meter(TAP, m, (a, x) => len(a) + len(x));
  }
  meterRest(TAP, 'lastIndexOf', selfLen);
  meter(TAP, 'sort', (a) => nlogn(len(a)));
  meter(TAP, 'toSorted', (a) => nlogn(len(a)));
  meter(ArrayBuffer.prototype, 'slice', (b) => num(b.byteLength));

  // ---- time: block time, UTC, no local time zone, no free-form date strings ----
  let blockTime = 0;
  const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const parseIso = (s) => (typeof s === 'string' && apply(decimalTest, ISO, [s]) ? dateParse(s) : NaN);
  const DateProto = RealDate.prototype;
  const SafeDate = function Date(...args) {
    if (new.target === undefined) return apply(DateProto.toISOString, new RealDate(blockTime), []);
    let t;
    if (args.length === 0) t = blockTime;
    else if (args.length === 1) {
      const v = args[0];
      t = typeof v === 'string' ? parseIso(v) : typeof v === 'object' && v !== null && hasOwnTime(v) ? apply(DateProto.getTime, v, []) : +v;
    } else t = apply(dateUTC, undefined, args);
    return construct(RealDate, [t], new.target);
  };
  const hasOwnTime = (v) => { try { apply(DateProto.getTime, v, []); return true; } catch { return false; } };
  defineProperty(SafeDate, 'prototype', { value: DateProto, writable: false, configurable: false, enumerable: false });
  defineProperty(DateProto, 'constructor', { value: SafeDate, writable: true, configurable: true, enumerable: false });
  SafeDate.now = function now() { return blockTime; };
  SafeDate.parse = function parse(s) { return parseIso(s); };
  SafeDate.UTC = dateUTC;
  for (const part of ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds']) {
    defineProperty(DateProto, 'get' + part, { value: DateProto['getUTC' + part], writable: true, configurable: true, enumerable: false });
    if (part !== 'Day') defineProperty(DateProto, 'set' + part, { value: DateProto['setUTC' + part], writable: true, configurable: true, enumerable: false });
  }
  // Annex B's getYear and setYear read and write local time: UTC here, like the accessors above.
  const getUTCFullYear = DateProto.getUTCFullYear;
  const setUTCFullYear = DateProto.setUTCFullYear;
  const setTime = DateProto.setTime;
  const trunc = Math.trunc;
  defineProperty(DateProto, 'getYear', { value: function getYear() { return apply(getUTCFullYear, this, []) - 1900; }, writable: true, configurable: true, enumerable: false });
  defineProperty(DateProto, 'setYear', {
    value: function setYear(year) {
      const y = +year;
      if (y !== y) return apply(setTime, this, [NaN]);
      const yi = trunc(y);
      return apply(setUTCFullYear, this, [yi >= 0 && yi <= 99 ? 1900 + yi : y]);
    },
    writable: true, configurable: true, enumerable: false,
  });
  const toUTCString = DateProto.toUTCString;
  const toISOString = DateProto.toISOString;
  DateProto.getTimezoneOffset = function getTimezoneOffset() { return 0; };
  DateProto.toString = function toString() { return apply(toUTCString, this, []); };
  DateProto.toDateString = function toDateString() { return apply(toUTCString, this, []).slice(0, 16); };
  DateProto.toTimeString = function toTimeString() { return apply(toUTCString, this, []).slice(17); };
  DateProto.toLocaleString = function toLocaleString() { return apply(toISOString, this, []); };
  DateProto.toLocaleDateString = function toLocaleDateString() { return apply(toISOString, this, []).slice(0, 10); };
  DateProto.toLocaleTimeString = function toLocaleTimeString() { return apply(toISOString, this, []).slice(11); };
  defineProperty(G, 'Date', { value: SafeDate, writable: true, configurable: true, enumerable: false });

  // ---- randomness: a PRNG seeded per call from the transaction hash and the contract ----
  let s0 = 1, s1 = 2, s2 = 3, s3 = 4;
  // The context of the call the generator is seeded for: seeded from it on first use (most calls never draw).
  let seedCp = null;
  let seeded = true;
  const seed = (text) => {
    let h = 2166136261 >>> 0;
    const mix = () => { for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; } return h; };
    s0 = mix(); h ^= 0x9e3779b9; s1 = mix(); h ^= 0x85ebca6b; s2 = mix(); h ^= 0xc2b2ae35; s3 = mix() | 1;
  };
  Math.random = function random() {
    if (!seeded) { seed(seedCp[6] + '/' + seedCp[2] + '/' + seedCp[8]); seeded = true; }
    // xoshiro128**
    const r = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
    return r / 4294967296;
  };

  // ---- no dynamic code, no GC observation, no shared memory ----
  const Denied = function Function() { throw new TypeError('dynamic code is disabled in contracts'); };
  defineProperty(Denied, 'prototype', { value: Function.prototype, writable: false, configurable: false, enumerable: false });
  for (const proto of [Function.prototype, getPrototypeOf(function* () {}), getPrototypeOf(async function () {}), getPrototypeOf(async function* () {})]) {
    defineProperty(proto, 'constructor', { value: Denied, writable: false, configurable: false, enumerable: false });
  }
  defineProperty(G, 'Function', { value: Denied, writable: true, configurable: true, enumerable: false });
  for (const name of ['eval', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'performance', 'queueMicrotask', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'console']) {
    delete G[name];
  }

  // ---- ABI: canonical JSON in, canonical JSON out (bigint as decimal string) ----
  const encodeValue = (v) => {
    if (typeof v === 'bigint') return v.toString();
    if (v === undefined) return null;
    if (isArray(v)) { const out = []; for (let i = 0; i < v.length; i++) out.push(encodeValue(v[i])); return out; }
    if (v !== null && typeof v === 'object') {
      const out = {};
      for (const k of objectKeys(v)) { const x = v[k]; if (x !== undefined) out[k] = encodeValue(x); }
      return out;
    }
    return v;
  };
  const bad = (path, expected) => { throw new CallError('INVALID_ARGUMENT', path + ': expected ' + expected); };
  const decodeValue = (type, v, path) => {
    if (typeof type === 'string') {
      switch (type) {
        case 'unknown': return v;
        case 'void': if (v == null) return undefined; return bad(path, 'nothing');
        case 'null': if (v == null) return null; return bad(path, 'null');
        case 'bigint':
          if (typeof v === 'string' && isDecimal(v) && v.length <= 1300) { const b = BigInt(v); bigCheck(b); return b; }
          if (typeof v === 'number' && numberIsSafeInteger(v)) return BigInt(v);
          return bad(path, 'a decimal integer string');
        case 'address': case 'string': if (typeof v === 'string') return v; return bad(path, type);
        case 'number': if (typeof v === 'number' && numberIsFinite(v)) return v; return bad(path, 'a finite number');
        case 'boolean': if (typeof v === 'boolean') return v; return bad(path, 'a boolean');
        default: return bad(path, 'a known type');
      }
    }
    if (hasOwn(type, 'literal')) { if (v === type.literal) return v; return bad(path, JSONstringify(type.literal)); }
    if (hasOwn(type, 'optional') && !hasOwn(type, 'object')) return v == null ? undefined : decodeValue(type.optional, v, path);
    if (hasOwn(type, 'array')) {
      if (!isArray(v)) return bad(path, 'an array');
      const out = []; for (let i = 0; i < v.length; i++) out.push(decodeValue(type.array, v[i], path + '[' + i + ']')); return out;
    }
    if (hasOwn(type, 'tuple')) {
      if (!isArray(v) || v.length !== type.tuple.length) return bad(path, 'a tuple of ' + type.tuple.length);
      const out = []; for (let i = 0; i < v.length; i++) out.push(decodeValue(type.tuple[i], v[i], path + '[' + i + ']')); return out;
    }
    if (hasOwn(type, 'record')) {
      if (v === null || typeof v !== 'object' || isArray(v)) return bad(path, 'an object');
      const out = {}; for (const k of objectKeys(v)) out[k] = decodeValue(type.record, v[k], path + '.' + k); return out;
    }
    if (hasOwn(type, 'object')) {
      if (v === null || typeof v !== 'object' || isArray(v)) return bad(path, 'an object');
      const optional = type.optional || [];
      const out = {};
      for (const k of objectKeys(type.object)) {
        const x = v[k];
        if (x == null && optional.includes(k)) continue;
        out[k] = decodeValue(type.object[k], x, path + '.' + k);
      }
      return out;
    }
    if (hasOwn(type, 'union')) {
      for (const member of type.union) { try { return decodeValue(member, v, path); } catch (e) { if (!(e instanceof CallError)) throw e; } }
      return bad(path, 'one of the union members');
    }
    return bad(path, 'a known type');
  };

  // ---- the SDK's stored values (contracts/sdk/codec.ts), encoded and decoded here ----
  // Collections keep a value as a one-letter tag and a body. The SDK's codec is the reference for
  // the format; this does the same with the builtins unmetered and one charge by size (the
  // builtin rate), which saves a storage access a third of its interpretation. Same strings, same
  // values: test/vm/storedValues.test.ts checks the two against each other.
  const MAX_DIGITS = Math.ceil(MAX_BIGINT_BITS / 3.3) + 4;
  const storedBig = (s) => {
    if (s.length > MAX_DIGITS) throw new RangeError('BigInt larger than ' + MAX_BIGINT_BITS + ' bits');
    const r = NativeBigInt(s);
    if (r >= L64 || r <= -L64) bigCheck(r);
    return r;
  };
  const storedReplacer = (_key, v) => (typeof v === 'bigint' ? { $bigint: bigIntToString.call(v) } : v);
  const storedReviver = (_key, v) => {
    if (v !== null && typeof v === 'object' && !isArray(v) && typeof v.$bigint === 'string' && objectKeys(v).length === 1) return storedBig(v.$bigint);
    return v;
  };
  const flatPairs = (value) => {
    if (isArray(value) || getPrototypeOf(value) !== ObjectProto) return undefined;
    const out = [];
    for (const key in value) {
      const v = value[key];
      if (v === undefined) continue;
      if (v !== null && typeof v === 'object') return undefined;
      if (typeof v === 'function' || typeof v === 'symbol') continue;
      out.push(key, encodeStored(v));
    }
    return out;
  };
  const encodeStored = (value) => {
    switch (typeof value) {
      case 'bigint': return 'n' + bigIntToString.call(value);
      case 'string': return 's' + value;
      case 'number': return 'f' + (objectIs(value, -0) ? '-0' : String(value));
      case 'boolean': return value ? 'b1' : 'b0';
      default: {
        if (value === null) return 'z';
        const flat = flatPairs(value);
        return flat ? 'o' + JSONstringify(flat) : 'j' + JSONstringify(value, storedReplacer);
      }
    }
  };
  const decodeStored = (raw) => {
    switch (raw.charCodeAt(0)) {
      case 110: return storedBig(strSlice.call(raw, 1));
      case 115: return strSlice.call(raw, 1);
      case 102: return Number(strSlice.call(raw, 1));
      case 98: return raw === 'b1';
      case 122: return null;
      case 111: {
        const pairs = JSONparse(strSlice.call(raw, 1));
        const out = {};
        for (let i = 0; i < pairs.length; i += 2) out[pairs[i]] = decodeStored(pairs[i + 1]);
        return out;
      }
      default: return JSONparse(strSlice.call(raw, 1), storedReviver);
    }
  };
  // What the metered JSON.stringify and JSON.parse charge for text of this length.
  const chargeText = (n) => { if ((__qg_gas -= BASE + Math.ceil(n / UNITS)) < 0) __qg_oog(); };

  // ---- the host API: `__chain`, the only door out; every door charges gas first ----
  // The call context arrives as 'sender|origin|self|value|height|time|txHash|readonly|depth'
  // (cheaper than JSON plus a fresh frozen object per call) and is read through getters.
  let cp = ['', '', '', '0', '0', '0', '', '1', '0'];
  const ctx = freeze({
    get sender() { return cp[0]; },
    get origin() { return cp[1]; },
    get self() { return cp[2]; },
    get value() { return cp[3]; },
    get blockHeight() { return +cp[4]; },
    get blockTime() { return +cp[5]; },
    get txHash() { return cp[6]; },
    get readonly() { return cp[7] === '1'; },
    get depth() { return +cp[8]; },
  });
  const h = __qg_host;
  const hostFail = (code, what) => {
    if (code === 'READONLY') throw new StaticCallError(what + ' is not allowed in a read-only call');
    if (code === 'OUT_OF_GAS') __qg_oog();
    throw new CallError(code, what + ' failed: ' + code);
  };
  const checkKey = (key) => {
    if (typeof key !== 'string') throw new TypeError('storage keys are strings');
    if (!wellFormed(key)) throw new TypeError('storage keys must be well-formed Unicode (no lone surrogates)');
    if (key.length > L.maxKeyChars) throw new LimitError('storage key longer than ' + L.maxKeyChars + ' characters');
  };
  const chain = freeze({
    get(key) {
      checkKey(key);
      charge(S.storageReadBase + S.storageReadPerChar * key.length);
      const v = h.get(key);
      if (v !== undefined) charge(S.storageReadPerChar * v.length);
      return v;
    },
    set(key, value) {
      checkKey(key);
      if (typeof value !== 'string') throw new TypeError('storage values are strings');
      if (!wellFormed(value)) throw new TypeError('storage values must be well-formed Unicode (no lone surrogates)');
      if (value.length > L.maxValueChars) throw new LimitError('storage value longer than ' + L.maxValueChars + ' characters');
      charge(S.storageWriteBase + S.storageWritePerChar * (key.length + value.length));
      const r = h.set(key, value);
      if (r) hostFail(r, 'storage write');
    },
    delete(key) {
      checkKey(key);
      charge(S.storageDelete + S.storageReadPerChar * key.length);
      const r = h.del(key);
      if (r) hostFail(r, 'storage delete');
    },
    has(key) {
      checkKey(key);
      charge(S.storageHas + S.storageReadPerChar * key.length);
      return h.has(key);
    },
    emit(name, data) {
      if (typeof name !== 'string' || typeof data !== 'string') throw new TypeError('event name and data are strings');
      if (!wellFormed(name) || !wellFormed(data)) throw new TypeError('event name and data must be well-formed Unicode');
      if (name.length + data.length > L.maxEventChars) throw new LimitError('event larger than ' + L.maxEventChars + ' characters');
      charge(S.eventBase + S.eventPerChar * (name.length + data.length));
      const r = h.emit(name, data);
      if (r) hostFail(r, 'event');
    },
    balance(address) {
      if (typeof address !== 'string') throw new TypeError('addresses are strings');
      charge(S.balanceRead);
      return h.balance(address);
    },
    transfer(to, amount) {
      if (typeof to !== 'string') throw new TypeError('addresses are strings');
      const a = typeof amount === 'bigint' ? amount.toString() : String(amount);
      if (!isDecimal(a) || a[0] === '-') throw new RangeError('transfer amount must be a non-negative integer');
      charge(S.nativeTransfer);
      const r = h.transfer(to, a);
      if (r) hostFail(r, 'transfer');
    },
    call(address, method, args, options) {
      if (typeof address !== 'string' || typeof method !== 'string' || typeof args !== 'string') throw new TypeError('address, method and args are strings');
      if (args.length > L.maxArgsChars) throw new LimitError('call arguments longer than ' + L.maxArgsChars + ' characters');
      charge(S.callBase + S.callPerChar * (method.length + args.length));
      const opts = options || {};
      const cap = __qg_gas - Math.floor(__qg_gas / 64);
      const want = opts.gas === undefined ? cap : num(opts.gas);
      const gas = want < cap ? want : cap;
      const value = opts.value === undefined ? '0' : typeof opts.value === 'bigint' ? opts.value.toString() : String(opts.value);
      if (!isDecimal(value) || value[0] === '-') throw new RangeError('call value must be a non-negative integer');
      const before = __qg_gas;
      const reply = JSONparse(h.call(address, method, args, gas, value));
      __qg_gas = before - reply[0];
      if (__qg_gas < 0) __qg_oog();
      if (reply[1] === 'OK') return decodeValue(reply[3], JSONparse(reply[2]), method);
      throw new CallError(reply[1], reply[2]);
    },
    // The SDK's collections, events and contract handles: the doors above, with the values
    // encoded (canonical JSON, or the stored-value format) here rather than in contract code.
    getStored(key) {
      const raw = chain.get(key);
      if (raw === undefined) return undefined;
      chargeText(raw.length);
      return decodeStored(raw);
    },
    setStored(key, value) {
      const raw = encodeStored(value);
      chargeText(raw.length);
      chain.set(key, raw);
    },
    keyOf(key) {
      if (typeof key === 'string') return key;
      if (typeof key !== 'object') return String(key);
      const text = JSONstringify(key, storedReplacer);
      chargeText(typeof text === 'string' ? text.length : 0);
      return text;
    },
    emitValue(name, value) {
      const data = JSONstringify(encodeValue(value));
      chargeText(typeof data === 'string' ? data.length : 0);
      chain.emit(name, data);
    },
    callWith(address, method, args, options) {
      const text = JSONstringify(encodeValue(args));
      chargeText(typeof text === 'string' ? text.length : 0);
      return chain.call(address, method, text, options);
    },
    revert(reason) { throw new Revert(repaired(reason)); },
    get ctx() { return ctx; },
    CallError,
  });
  defineProperty(G, '__chain', { value: chain, writable: false, configurable: false, enumerable: false });

  // ---- the override mistake: with Error.prototype.name frozen, `this.name = 'MyError'` in a
  // subclass would throw. As SES does, turn such properties into accessors that let an
  // inheriting object define its own property while the intrinsic itself stays read-only.
  const enableOverride = (obj, prop) => {
    const d = getOwnPropertyDescriptor(obj, prop);
    if (!d || !('value' in d) || !d.configurable) return;
    const value = d.value;
    defineProperty(obj, prop, {
      get() { return value; },
      set(v) {
        if (this === obj) throw new TypeError('Cannot assign to read only property ' + String(prop) + ' of an intrinsic');
        defineProperty(this, prop, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: d.enumerable, configurable: false,
    });
  };
  for (const p of ownKeys(Object.prototype)) if (p !== '__proto__') enableOverride(Object.prototype, p);
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, G.AggregateError, G.InternalError]) {
    if (E) for (const p of ['name', 'message', 'constructor', 'toString']) enableOverride(E.prototype, p);
  }
  for (const p of ['toString', 'name']) enableOverride(Function.prototype, p);
  for (const p of ['toString', 'constructor']) enableOverride(Array.prototype, p);
  for (const p of ['constructor', 'then']) enableOverride(Promise.prototype, p);

  // ---- freeze every intrinsic reachable from the global object, hidden ones included ----
  const freezeAll = () => {
    const roots = [G, getPrototypeOf(function* () {}), getPrototypeOf(async function () {}), getPrototypeOf(async function* () {}),
      getPrototypeOf([][Symbol.iterator]()), getPrototypeOf(new Map()[Symbol.iterator]()), getPrototypeOf(new Set()[Symbol.iterator]()),
      getPrototypeOf(''[Symbol.iterator]()), getPrototypeOf(/a/g[Symbol.matchAll]('')), getPrototypeOf(Int8Array), getPrototypeOf((function* () {})()),
      getPrototypeOf((async function* () {})()), getOwnPropertyDescriptor(Function.prototype, 'caller')?.get, Revert, CallError, LimitError, StaticCallError, OutOfGas];
    const seen = new Set();
    const stack = roots.filter((r) => r != null);
    while (stack.length > 0) {
      const o = stack.pop();
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
      seen.add(o);
      const p = getPrototypeOf(o);
      if (p) stack.push(p);
      for (const k of ownKeys(o)) {
        const d = getOwnPropertyDescriptor(o, k);
        if (!d) continue;
        if ('value' in d) stack.push(d.value);
        if (d.get) stack.push(d.get);
        if (d.set) stack.push(d.set);
      }
    }
    for (const o of seen) if (!isFrozen(o)) freeze(o);
    return seen.size;
  };

  // ---- outcome of a call ----
  const classify = (e) => {
    try {
      if (e instanceof OutOfGas) return ['OUT_OF_GAS', 'out of gas'];
      if (e instanceof Revert) return ['REVERT', e.message];
      // A callee's failure the caller did not catch: the caller fails with the callee's code
      // and reason (as a revert bubbles in the EVM), charged only the gas it used.
      if (e instanceof CallError) return [e.code, e.message, true];
      if (e instanceof LimitError) return ['LIMIT_EXCEEDED', e.message];
      if (e instanceof StaticCallError) return ['STATIC_CALL_VIOLATION', e.message];
      if (e instanceof Error) {
        const name = String(e.name), message = String(e.message);
        if (name === 'InternalError' && message === 'out of memory') return ['OUT_OF_MEMORY', message];
        if (name === 'InternalError' && message === 'stack overflow') return ['STACK_OVERFLOW', message];
        return ['EXCEPTION', name + ': ' + message];
      }
      return ['EXCEPTION', 'uncaught ' + typeof e];
    } catch {
      return ['EXCEPTION', 'uncaught error that could not be described'];
    }
  };
  const locate = (e) => {
    try { return e instanceof Error && typeof e.stack === 'string' ? strSlice.call(e.stack, 0, 2000) : ''; } catch { return ''; }
  };

  const setup = (moduleFn) => {
    __qg_gas = __qg_config.setupGas;
    const module = { exports: {} };
    apply(moduleFn, undefined, [module, module.exports]);
    if (__qg_gas < 0) __qg_oog();
    const setupGasUsed = __qg_config.setupGas - __qg_gas;
    const exp = module.exports;
    const abi = exp.$abi && typeof exp.$abi === 'object' ? exp.$abi : null;
    const abiMethods = {};
    if (abi && isArray(abi.methods)) for (const m of abi.methods) abiMethods[m.name] = m;
    const methods = {};
    const meta = [];
    for (const name of objectKeys(exp)) {
      if (name === '$abi') continue;
      const fn = exp[name];
      if (typeof fn !== 'function') continue;
      const kind = fn.$kind;
      if (kind !== 'view' && kind !== 'call' && kind !== 'init') continue;
      const options = fn.$options || {};
      const abiMethod = abiMethods[name] || null;
      // The parameters' paths for error messages, made once rather than on every call.
      const paths = abiMethod && isArray(abiMethod.params) ? abiMethod.params.map((p) => name + '.' + p.name) : [];
      const m = { fn, kind, payable: options.payable === true, reentrant: options.reentrant === true, abi: abiMethod, paths };
      methods[name] = m;
      meta.push({ name, kind, payable: m.payable, reentrant: m.reentrant, returns: m.abi ? m.abi.returns : 'unknown' });
    }
    const dispatch = (method, argsJson, ctxText, gasLimit) => {
      // A permitted re-entrant call runs inside this one: keep the outer call's state.
      const savedGas = __qg_gas, savedCp = cp, savedTime = blockTime;
      const savedSeedCp = seedCp, savedSeeded = seeded, saved0 = s0, saved1 = s1, saved2 = s2, saved3 = s3;
      __qg_gas = gasLimit;
      let out, where = '';
      try {
        cp = strSplit.call(ctxText, '|');
        blockTime = +cp[5];
        seedCp = cp;
        seeded = false;
        const m = hasOwn(methods, method) ? methods[method] : undefined;
        if (m === undefined) out = ['NO_SUCH_METHOD', 'the contract has no method ' + method];
        else {
          const raw = JSONparse(argsJson);
          if (!isArray(raw)) throw new CallError('INVALID_ARGUMENT', 'arguments must be a JSON array');
          let args = raw;
          if (m.abi) {
            const params = m.abi.params;
            if (raw.length > params.length) throw new CallError('INVALID_ARGUMENT', method + ': takes at most ' + params.length + ' arguments');
            args = [];
            for (let i = 0; i < params.length; i++) {
              const p = params[i];
              args.push(raw[i] == null && p.optional ? undefined : decodeValue(p.type, raw[i], m.paths[i]));
            }
          }
          const result = apply(m.fn, undefined, args);
          const text = JSONstringify(encodeValue(result));
          const body = text === undefined ? 'null' : text;
          if (body.length > L.maxReturnChars) throw new LimitError('return value longer than ' + L.maxReturnChars + ' characters');
          out = ['OK', body];
        }
      } catch (e) {
        out = classify(e);
        // Reasons go into receipts: well-formed and bounded, whatever the contract threw.
        out[1] = repaired(out[1]);
        if (out[1].length > L.maxReasonChars) out[1] = strSlice.call(out[1], 0, L.maxReasonChars) + '…';
        where = locate(e);
      }
      const left = __qg_gas;
      __qg_gas = savedGas; cp = savedCp; blockTime = savedTime;
      seedCp = savedSeedCp; seeded = savedSeeded; s0 = saved0; s1 = saved1; s2 = saved2; s3 = saved3;
      return JSONstringify([left, out[0], out[1], where, out[2] === true]);
    };
    return { dispatch, meta: JSONstringify({ methods: meta, abi, setupGasUsed }) };
  };

  const frozen = freezeAll();
  return { OutOfGas, bigCheck, powCheck, shlCheck, setup, host: __qg_host, frozen };
})();
__qg_gas = 0;
return __qg_rt.setup;
})
