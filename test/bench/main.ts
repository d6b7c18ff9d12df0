export {}

/**
 * `npm run bench`: every benchmark prints its figures (never asserted in tests, where
 * timing would be flaky). Each section is one module's `run*Bench(): Promise<string[]>`.
 */
type Bench = { name: string; load: () => Promise<() => Promise<string[]>> }

const BENCHES: Bench[] = [
  {
    name: 'foundation: load a bundled dataset',
    load: async () => (await import('./foundation-bench')).runFoundationBench,
  },
]

async function main() {
  const only = process.argv[2]
  for (const bench of BENCHES) {
    if (only && !bench.name.includes(only)) continue
    console.log(`\n## ${bench.name}`)
    try {
      const run = await bench.load()
      for (const line of await run()) console.log(`  ${line}`)
    } catch (err) {
      console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`)
      process.exitCode = 1
    }
  }
}

void main()
