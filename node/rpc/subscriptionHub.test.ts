import { describe, expect, it } from 'vitest'
import { rpcErrors } from './errors.ts'
import { SubscriptionHub, type Subscriber } from './subscriptionHub.ts'
import type { RpcLogger } from './types.ts'

const silent: RpcLogger = { warn: () => {}, error: () => {} }
const subscriber = (id: string, open = true): Subscriber & { sent: string[] } => {
  const sent: string[] = []
  return { id, sent, send: (text) => (open ? (sent.push(text), true) : false) }
}

describe('SubscriptionHub', () => {
  it('publish: the notification envelope carries the subscription id and the payload', () => {
    const hub = new SubscriptionHub({ maxPerSubscriber: 10, logger: silent })
    const a = subscriber('a')
    const id = hub.add(a, 'newHeads', undefined)
    expect(hub.publish('newHeads', { height: 3n })).toBe(1)
    expect(JSON.parse(a.sent[0]!)).toEqual({ jsonrpc: '2.0', method: 'subscription', params: { subscription: id, result: { height: '3' } } })
  })

  it('publish: nobody matching → the payload is never serialized', () => {
    const hub = new SubscriptionHub({ maxPerSubscriber: 10, logger: silent })
    hub.add(subscriber('a'), 'logs', { address: 'x' })
    const unserializable: Record<string, unknown> = {}
    unserializable.self = unserializable
    expect(hub.publish('logs', unserializable, () => false)).toBe(0)
    expect(hub.publish('other', unserializable)).toBe(0)
  })

  it('publish: a filter that throws skips that subscription, logs, and others still receive', () => {
    const warnings: unknown[] = []
    const hub = new SubscriptionHub({ maxPerSubscriber: 10, logger: { ...silent, warn: (m) => void warnings.push(m) } })
    const a = subscriber('a')
    const b = subscriber('b')
    hub.add(a, 'logs', null)
    hub.add(b, 'logs', { address: 'x' })
    const delivered = hub.publish('logs', 1, (f: { address: string } | null) => f!.address === 'x')
    expect(delivered).toBe(1)
    expect(b.sent).toHaveLength(1)
    expect(warnings).toHaveLength(1)
  })

  it('publish: a closed subscriber is not counted as delivered', () => {
    const hub = new SubscriptionHub({ maxPerSubscriber: 10, logger: silent })
    hub.add(subscriber('a', false), 't', undefined)
    expect(hub.publish('t', 1)).toBe(0)
  })

  it('remove: only the owner can end a subscription; removeAll ends all of one owner', () => {
    const hub = new SubscriptionHub({ maxPerSubscriber: 10, logger: silent })
    const a = subscriber('a')
    const id = hub.add(a, 't', undefined)
    hub.add(a, 'u', undefined)
    hub.add(subscriber('b'), 't', undefined)
    expect(hub.remove('b', id)).toBe(false)
    expect(hub.remove('a', id)).toBe(true)
    expect(hub.removeAll('a')).toBe(1)
    expect(hub.size).toBe(1)
  })

  it('cap: past maxPerSubscriber, add throws -32011', () => {
    const hub = new SubscriptionHub({ maxPerSubscriber: 1, logger: silent })
    const a = subscriber('a')
    hub.add(a, 't', undefined)
    expect(() => hub.add(a, 't', undefined)).toThrow(expect.objectContaining({ code: rpcErrors.TOO_MANY_SUBSCRIPTIONS.code }))
  })
})
