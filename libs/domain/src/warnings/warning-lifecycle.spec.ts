import { surgeDecision, warningTransition, type WarningAction, type WarningStatus } from './warning-lifecycle';
import type { WarningLevel } from './warning-level';

describe(warningTransition.name, () => {
  const allowed: Array<[WarningStatus, WarningAction, WarningStatus]> = [
    ['open', 'acknowledge', 'acknowledged'],
    ['acknowledged', 'follow_up', 'following_up'],
    ['following_up', 'follow_up', 'following_up'],
    ['acknowledged', 'close', 'closed'],
    ['following_up', 'close', 'closed'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(warningTransition(from, action)).toBe(to);
  });

  const refused: Array<[WarningStatus, WarningAction]> = [
    ['open', 'follow_up'],
    ['open', 'close'],
    ['acknowledged', 'acknowledge'],
    ['closed', 'acknowledge'],
    ['closed', 'follow_up'],
    ['closed', 'close'],
  ];
  it.each(refused)('refuses %s --%s', (from, action) => {
    expect(() => warningTransition(from, action)).toThrow(expect.objectContaining({ code: 'WARNING_ILLEGAL_TRANSITION' }));
  });
});

describe(surgeDecision.name, () => {
  const table: Array<[string, WarningLevel, Parameters<typeof surgeDecision>[1], ReturnType<typeof surgeDecision>]> = [
    ['a first surge is raised', 'yellow', null, 'raise'],
    ['the same surge on the next pass is not raised again', 'yellow', { level: 'yellow', status: 'open', withinWindow: true }, 'none'],
    ['a lesser reading of an open surge changes nothing', 'yellow', { level: 'orange', status: 'acknowledged', withinWindow: true }, 'none'],
    ['a graver reading upgrades the open warning', 'red', { level: 'orange', status: 'following_up', withinWindow: true }, 'upgrade'],
    ['a closed warning is not raised again while its window lasts', 'orange', { level: 'orange', status: 'closed', withinWindow: true }, 'none'],
    ['a graver surge after closing is a new warning', 'red', { level: 'orange', status: 'closed', withinWindow: true }, 'raise'],
    ['a surge after the closed one\'s window is a new warning', 'yellow', { level: 'orange', status: 'closed', withinWindow: false }, 'raise'],
  ];
  it.each(table)('%s', (_, found, latest, expected) => {
    expect(surgeDecision(found, latest)).toBe(expected);
  });
});
