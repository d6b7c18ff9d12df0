/**
 * Issue 13.6, the risk coach's guardrail settings: every figure (stop threshold, leverage cap,
 * bottom line, daily loss, cool-down) says a bad value next to it as typed (empty, letters, 0,
 * negative, 20 digits, too many decimals, out of the contract's range), Save stays off with the
 * reason, nothing is clamped; a good profile saves as typed, and the host refuses the same bad
 * figures sent past the form (INVALID_REQUEST) without changing the stored profile.
 */
import type { GuardrailProfile } from '../../shared/contract/coach'
import { coachTab, hostCall, openDesk } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

/** Each field, its label in messages, its range as said, and its bad values with their message. */
const FIELDS: { id: string; label: string; range: string; step: [string, string] }[] = [
  {
    id: 'rule-stopRequired-above',
    label: 'Stop threshold',
    range: 'from 1x to 200x',
    step: ['5.25', 'Stop threshold goes in steps of 0.1'],
  },
  {
    id: 'rule-maxLeverage-cap',
    label: 'Leverage cap',
    range: 'from 1x to 200x',
    step: ['12.5', 'Leverage cap must be a whole number'],
  },
  {
    id: 'rule-bottomLine-percent',
    label: 'Bottom line',
    range: 'from 0.1 % to 100 %',
    step: ['25.05', 'Bottom line goes in steps of 0.1'],
  },
  {
    id: 'rule-dailyLoss-percent',
    label: 'Daily loss',
    range: 'from 0.1 % to 100 %',
    step: ['9.99', 'Daily loss goes in steps of 0.1'],
  },
  {
    id: 'rule-coolDown-hours',
    label: 'Cool-down',
    range: 'from 0 h to 720 h',
    step: ['1.25', 'Cool-down goes in steps of 0.1'],
  },
]

test('guardrail figures say bad values next to them, Save stays off, the host refuses them', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  const original = await hostCall<GuardrailProfile>(page, host.token, 'coach:settings', {})
  // The profile is the host's, shared by the drills after this one: put it back whatever happens.
  try {
    await coachTab(page, 'guardrails')
    const save = page.getByTestId('guardrails-save')
    const blocked = page.getByTestId('guardrails-blocked')
    await expect(page.getByTestId('rule-maxLeverage-cap')).toHaveValue(
      String(original.maxLeverage.cap),
    )
    await expect(save).toBeDisabled() // nothing changed yet
    await expect(blocked).toHaveCount(0)

    for (const f of FIELDS) {
      const input = page.getByTestId(f.id)
      const error = page.getByTestId(`${f.id}-error`)
      const before = await input.inputValue()
      const out = `${f.label} must be ${f.range}`
      const bad: [string, string][] = [
        ['', `Enter ${f.label.toLowerCase()}`],
        ['abc', `${f.label} must be a number, e.g. ${f.id.endsWith('cap') ? '10' : '12.5'}`],
        ['-3', out],
        ['12345678901234567890', out],
        [
          '123456789012345678901',
          `${f.label} has too many digits (at most 20 before the point and 18 after)`,
        ],
        f.step,
        ['100000', out],
      ]
      // 0 is out of range for all but the cool-down (0 h: no cool-down)
      if (!f.id.endsWith('hours')) bad.push(['0', out])
      for (const [value, said] of bad) {
        await input.fill(value)
        await expect(error).toHaveText(said)
        await expect(input).toHaveValue(value) // left as typed, not clamped
        await expect(save).toBeDisabled()
        await expect(save).toHaveAttribute('title', said)
        await expect(blocked).toHaveText(`Not saved: ${said}`)
      }
      if (f.id === 'rule-maxLeverage-cap') {
        await input.fill('500')
        await shoot(page, 'guardrail-field-error')
      }
      await input.fill(before)
      await expect(error).toHaveCount(0)
    }
    await expect(save).toBeDisabled() // back to what is saved: nothing to save
    await expect(blocked).toHaveCount(0)

    // Good figures save exactly as typed.
    await page.getByTestId('rule-maxLeverage-cap').fill('15')
    await page.getByTestId('rule-bottomLine-percent').fill('30.5')
    await page.getByTestId('rule-coolDown-hours').fill('0')
    await expect(save).toBeEnabled()
    await save.click()
    const expected: GuardrailProfile = {
      ...original,
      maxLeverage: { ...original.maxLeverage, cap: 15 },
      bottomLine: { ...original.bottomLine, percent: 30.5 },
      coolDown: { ...original.coolDown, hours: 0 },
    }
    // Saved (the host's answer, not the button: it is off while the save is on its way too)
    await expect
      .poll(() => hostCall<GuardrailProfile>(page, host.token, 'coach:settings', {}))
      .toEqual(expected)
    await expect(page.getByText('Guardrails saved')).toBeVisible()
    await expect(save).toBeDisabled() // the form is the stored profile again
    const saved = expected

    // Past the form: each bad figure is refused with a coded error; the profile stays.
    const hostile: [string, unknown][] = [
      ['stopRequired', { on: true, aboveLeverage: 0 }],
      ['stopRequired', { on: true, aboveLeverage: 5.25 }],
      ['stopRequired', { on: true, aboveLeverage: '5' }],
      ['maxLeverage', { on: true, cap: 500 }],
      ['maxLeverage', { on: true, cap: 12.5 }],
      ['maxLeverage', { on: true, cap: -3 }],
      ['bottomLine', { on: true, percent: 0, reference: 'start' }],
      ['bottomLine', { on: true, percent: 1e19, reference: 'start' }],
      ['dailyLoss', { on: true, percent: 9.99, pause: true }],
      ['dailyLoss', { on: true, percent: null, pause: true }],
      ['coolDown', { on: true, hours: -1 }],
      ['coolDown', { on: true, hours: 721 }],
    ]
    for (const [rule, value] of hostile)
      await expect(
        hostCall(page, host.token, 'coach:settings', { profile: { ...saved, [rule]: value } }),
        `${rule} ${JSON.stringify(value)}`,
      ).rejects.toThrow(/INVALID_REQUEST/)
    expect(await hostCall(page, host.token, 'coach:settings', {})).toEqual(saved)
  } finally {
    await hostCall(page, host.token, 'coach:settings', { profile: original })
  }
})
