/** electron/engine must stay pure: no clock, timers, randomness, I/O or platform imports. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../../electron/engine')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

describe('engine purity', () => {
  const all = files(root)
  it('has modules', () => expect(all.length).toBeGreaterThan(10))
  for (const f of all) {
    it(path.relative(root, f), () => {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      expect(code).not.toMatch(/from ['"](node:|fs|path|electron|vue)/)
      expect(code).not.toMatch(
        /\bDate\.now\b|\bnew Date\b|\bMath\.random\b|\bsetTimeout\b|\bsetInterval\b|\bperformance\b|\bprocess\./,
      )
      for (const m of code.matchAll(/from ['"](\.[^'"]+)['"]/g)) {
        const target = path.resolve(path.dirname(f), m[1]!)
        expect(target.startsWith(root) || target.includes(`${path.sep}shared${path.sep}`)).toBe(
          true,
        )
      }
      expect(code.split('\n').length).toBeLessThanOrEqual(300)
    })
  }
})
