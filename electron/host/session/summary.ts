/**
 * Session list entries: live ones from an open session (equity from the engine), closed
 * ones from meta.json, and a fallback read from the journal header alone.
 */
import * as fs from 'node:fs'
import Decimal from 'decimal.js'
import type { SessionSummary } from '../../../shared/contract/session'
import type { Session } from './session'
import { foldRecords } from './session-log'
import type { SessionStore } from './store'

export function liveSummary(s: Session): SessionSummary {
  const h = s.log.header
  const equity = s.engine.view().marginBalance
  let result = '0.00'
  try {
    const start = new Decimal(h.settings.startingBalance)
    if (!start.isZero()) result = new Decimal(equity).minus(start).div(start).times(100).toFixed(2)
  } catch {
    result = ''
  }
  const sum: SessionSummary = {
    id: s.id,
    name: s.log.name,
    scenarioId: h.scenarioId,
    scenarioTitle: s.scenario.info.title,
    mode: h.mode,
    blind: h.blind,
    createdAt: h.createdAt,
    updatedAt: new Date().toISOString(),
    replayTime: s.time,
    equity,
    result,
    finished: s.finished,
    commands: s.log.commands.length,
    ...(h.forkedFrom ? { forkedFrom: h.forkedFrom } : {}),
  }
  return sum
}

/**
 * A closed, unfinished blind exam in the list: its cached meta was masked when written
 * (shifted replay time included); older caches stored no time at all.
 */
export function maskClosedSummary(s: SessionSummary): SessionSummary {
  return { ...s, scenarioId: 'blind', scenarioTitle: 'Blind exam' }
}

export function summaryFromJournal(store: SessionStore, id: string): SessionSummary {
  const base: SessionSummary = {
    id,
    name: id,
    scenarioId: '',
    scenarioTitle: '',
    mode: 'practice',
    blind: false,
    createdAt: '',
    updatedAt: '',
    replayTime: 0,
    equity: '',
    result: '',
    finished: false,
    commands: 0,
  }
  try {
    const read = store.read(id)
    const folded = foldRecords(read.records)
    if (!folded) return { ...base, problem: read.problem ?? 'unreadable journal' }
    const h = folded.log.header
    const mtime = fs.statSync(store.journalPath(id)).mtime.toISOString()
    return {
      ...base,
      name: folded.log.name,
      scenarioId: h.blind ? 'blind' : h.scenarioId,
      scenarioTitle: h.blind ? 'Blind exam' : h.scenarioId,
      mode: h.mode,
      blind: h.blind,
      createdAt: h.createdAt,
      updatedAt: mtime,
      equity: h.settings.startingBalance,
      result: '0.00',
      finished: folded.log.finished,
      commands: folded.log.commands.length,
      ...(h.forkedFrom ? { forkedFrom: h.forkedFrom } : {}),
      ...(read.problem ? { problem: `damaged tail: ${read.problem}` } : {}),
    }
  } catch (err) {
    return { ...base, problem: `unreadable: ${(err as Error).message}` }
  }
}
