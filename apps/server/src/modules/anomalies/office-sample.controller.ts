import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { SampleAnswerDto, SampleQueryDto, SampleTaskDto } from './dto/anomaly.dto';
import { OfficeSampleService } from './office-sample.service';

/**
 * 办公室抽样回访: the office's phone calls to a weekly sample of closed cases. The resident's own
 * answer is not shown here, so the call is not led by it; the comparison is the server's.
 */
@ApiTags('anomalies')
@ApiBearerAuth()
@Controller('api/office-sample')
export class OfficeSampleController {
  constructor(private readonly samples: OfficeSampleService) {}

  @Get()
  @Roles('dispatcher', 'inspector')
  @ApiOperation({ summary: "The office's sample calls (open first)" })
  @ApiOkResponse({ type: [SampleTaskDto] })
  async tasks(@Query() q: SampleQueryDto): Promise<SampleTaskDto[]> {
    return (await this.samples.tasks(q.week)).map((t) => ({
      id: t.id,
      week: t.week,
      caseId: t.caseId,
      number: t.number,
      unitId: t.unitId,
      officeRating: t.officeRating,
      officeSolved: t.officeSolved,
      officeNote: t.officeNote,
      recordedAt: t.recordedAt ? new Date(t.recordedAt).toISOString() : null,
    }));
  }

  @Post(':id')
  @HttpCode(204)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'What the resident told the office on the phone' })
  async record(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SampleAnswerDto): Promise<void> {
    await this.samples.record(staff, id, body);
  }
}
