/**
 * Collects import issues with file / line / column. Storage is capped so a corrupt
 * million-row file cannot exhaust memory; counts keep going. A file that piles up too many
 * errors stops being read (its first errors already say what is wrong).
 */
import type { ImportIssue } from '../../../../shared/contract/market'
import { DataError, type DataErrorCode } from '../errors'

export interface CodedIssue extends ImportIssue {
  code: DataErrorCode
}

const KEEP = 200
const STOP_FILE_AFTER = 100

export class TooManyErrors extends Error {}

export class IssueLog {
  readonly errors: CodedIssue[] = []
  readonly warnings: CodedIssue[] = []
  errorCount = 0
  warningCount = 0
  readonly counts: Partial<Record<DataErrorCode, number>> = {}
  private perFile = new Map<string, number>()

  add(e: DataError, severity: 'error' | 'warning'): void {
    this.counts[e.code] = (this.counts[e.code] ?? 0) + (severity === 'error' ? 1 : 0)
    const issue: CodedIssue = {
      code: e.code,
      file: e.where.file ?? '',
      ...(e.where.line !== undefined ? { line: e.where.line } : {}),
      ...(e.where.column !== undefined ? { column: e.where.column } : {}),
      message: e.detail,
    }
    if (severity === 'warning') {
      this.warningCount++
      if (this.warnings.length < KEEP) this.warnings.push(issue)
      return
    }
    this.errorCount++
    if (this.errors.length < KEEP) this.errors.push(issue)
    const n = (this.perFile.get(issue.file) ?? 0) + 1
    this.perFile.set(issue.file, n)
    if (n >= STOP_FILE_AFTER) throw new TooManyErrors(issue.file)
  }

  error(code: DataErrorCode, message: string, file: string, line?: number): void {
    this.add(
      new DataError(code, message, { file, ...(line !== undefined ? { line } : {}) }),
      'error',
    )
  }

  warn(code: DataErrorCode, message: string, file: string): void {
    this.add(new DataError(code, message, { file }), 'warning')
  }
}
