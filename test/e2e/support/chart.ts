/** Runs a read-only function against the desk chart's test handle (`__desk`) in the page. */
import type { Page } from '@playwright/test'

export function onChart<H, T>(page: Page, fn: (h: H) => T, index = 0): Promise<T> {
  return page
    .getByTestId('chart')
    .nth(index)
    .evaluate((el, src) => {
      const h = (el as HTMLElement & { __desk: unknown }).__desk
      return (new Function('h', `return (${src})(h)`) as (h: unknown) => T)(h)
    }, fn.toString())
}
