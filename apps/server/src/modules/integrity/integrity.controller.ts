import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, isCalendarDay } from '@msz/domain';
import { Public, Roles } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { RateLimit } from '../limits/rate-limit.decorator';
import { AnchorCheckDto, AnchorDto, AnchorRangeQueryDto } from './dto/anchor.dto';
import { TimelineAnchorsService } from './timeline-anchors.service';

/** A year of days at most per request. */
const MAX_DAYS = 366;

function checkDay(day: string): void {
  if (!isCalendarDay(day)) throw new DomainError('PERIOD_INVALID', `not a day like 2026-12-07: ${day}`, { day });
}

/** 防篡改: the daily anchors, for the office, leaders and inspectors to compare with what was published. */
@ApiTags('integrity')
@ApiBearerAuth()
@Controller('api/integrity')
export class IntegrityController {
  constructor(private readonly anchors: TimelineAnchorsService) {}

  @Get('anchors')
  @Roles('inspector', 'dispatcher', 'city_leader')
  @ApiOperation({ summary: 'The sealed daily anchors from `from` to `to` (Beijing days, at most a year), oldest first' })
  @ApiOkResponse({ type: [AnchorDto] })
  async list(@Query() q: AnchorRangeQueryDto): Promise<AnchorDto[]> {
    checkDay(q.from);
    checkDay(q.to);
    const span = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (span < 0 || span >= MAX_DAYS) throw new DomainError('PERIOD_INVALID', `from must be on or before to, at most ${MAX_DAYS} days`, { from: q.from, to: q.to });
    return (await this.anchors.anchorsBetween(q.from, q.to)).map(AnchorDto.from);
  }
}

/** 公开核验: anyone holding the weekly article can check a day's anchor against the platform's own checks. */
@ApiTags('integrity')
@Controller('api/public/integrity')
export class PublicIntegrityController {
  constructor(private readonly anchors: TimelineAnchorsService) {}

  // Public on purpose: the anchor is a hash of hashes (no case, no person), published weekly anyway. Throttled per address.
  @Public()
  @RateLimit('public-lookup')
  @Get('anchors/:day')
  @ApiOperation({ summary: "One day's anchor and whether it still checks out (seal, link to the day before, the copy outside the database)" })
  @ApiOkResponse({ type: AnchorCheckDto })
  async check(@Param('day') day: string): Promise<AnchorCheckDto> {
    checkDay(day);
    const found = await this.anchors.check(day);
    if (!found) throw notFound('anchor of this day');
    return AnchorCheckDto.fromCheck(found);
  }
}
