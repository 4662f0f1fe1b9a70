import { Injectable } from '@nestjs/common';
import { awaitsRevisit, isEmergency, isOpen, LIFE_AT_RISK_ADVICE, RESIDENT_STATUS_LABELS } from '@msz/domain';
import { DataSource, In } from 'typeorm';
import type { CaseEntity } from '../cases/case.entity';
import { CaseQueriesService } from '../cases/case-queries.service';
import { CasesService } from '../cases/cases.service';
import { AttachmentEntity } from '../media/attachment.entity';
import { PlacesService } from '../units/places.service';
import type { ResidentCaseDto } from './dto/resident.dto';

/** What a resident reads in their case's history: the public steps, in plain words. */
const PUBLIC_STEPS: Partial<Record<string, string>> = {
  file: '已受理',
  assign: '已转给承办单位',
  sign_for: '承办单位已签收，正在办理',
  answer: '已答复',
  main_answered: '已答复',
  reopen: '重新办理',
  close: '已办结',
  extend: '办理时限已延长',
  reject: '无效诉求',
  merge: '已合并到同类诉求',
};

/**
 * The resident's view of their cases, built for a whole list at once: steps, their units, media
 * and places are each read in one query, so a list costs the same number of queries at any length.
 */
@Injectable()
export class ResidentCaseViews {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly places: PlacesService,
  ) {}

  async views(cases: readonly CaseEntity[]): Promise<ResidentCaseDto[]> {
    if (!cases.length) return [];
    const ids = cases.map((c) => c.id);
    const [timelines, attachments, places] = await Promise.all([
      this.queries.timelinesOf(ids),
      this.ds.getRepository(AttachmentEntity).find({ where: { caseId: In(ids), status: 'stored' }, order: { createdAt: 'ASC' } }),
      this.places.viewMany(cases),
    ]);
    const actors = await this.cases.timelineActors([...timelines.values()].flat());
    return cases.map((c, i) => ({
      id: c.id,
      number: c.number,
      queryCode: c.queryCode,
      channel: c.channel,
      text: c.text,
      status: c.status,
      statusLabel: RESIDENT_STATUS_LABELS[c.status],
      closeBy: c.closeBy.toISOString(),
      answer: c.answer,
      revisitRating: c.revisitRating,
      revisitSolved: c.revisitSolved,
      awaitsRevisit: awaitsRevisit(c),
      lifeAtRiskAdvice: isEmergency(c.urgency) && isOpen(c.status) ? LIFE_AT_RISK_ADVICE : null,
      steps: (timelines.get(c.id) ?? []).flatMap((t) => {
        const label = PUBLIC_STEPS[t.action];
        const unitName = (t.actorId && actors.get(t.actorId)?.unitName) || null;
        return label ? [{ label, unitName, at: t.at.toISOString() }] : [];
      }),
      location: c.locationLat !== null && c.locationLng !== null ? { lat: c.locationLat, lng: c.locationLng, label: c.locationLabel } : null,
      placeLabel: places[i].label,
      mapUrl: places[i].mapUrl,
      media: attachments.filter((a) => a.caseId === c.id).map((a) => ({ id: a.id, kind: a.kind, source: a.source, contentType: a.contentType })),
    }));
  }
}
