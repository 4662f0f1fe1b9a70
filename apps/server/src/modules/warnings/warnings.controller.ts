import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { WarningAcknowledgeDto, WarningDto, WarningListDto, WarningListQueryDto, WarningNoteDto, WarningSummaryDto } from './dto/warning.dto';
import { WarningsService } from './warnings.service';

const Id = () => Param('id', new ParseUUIDPipe());

/** 红橙黄三色预警: leaders, the office and inspectors read them; leaders and the office handle them. */
@ApiTags('warnings')
@ApiBearerAuth()
@Controller('api/warnings')
export class WarningsController {
  constructor(private readonly warnings: WarningsService) {}

  @Get()
  @Roles('dispatcher', 'unit_leader', 'city_leader', 'inspector')
  @ApiOkResponse({ type: WarningListDto })
  async list(@CurrentStaff() staff: StaffPrincipal, @Query() q: WarningListQueryDto): Promise<WarningListDto> {
    const { items, total } = await this.warnings.list(staff, q);
    return { items: items.map(WarningSummaryDto.from), total };
  }

  @Get(':id')
  @Roles('dispatcher', 'unit_leader', 'city_leader', 'inspector')
  @ApiOkResponse({ type: WarningDto })
  async get(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<WarningDto> {
    return WarningDto.fromDetail(await this.warnings.detail(staff, id));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('dispatcher', 'unit_leader', 'city_leader')
  @ApiOkResponse({ type: WarningDto })
  async acknowledge(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: WarningAcknowledgeDto): Promise<WarningDto> {
    return WarningDto.fromDetail(await this.warnings.act(staff, id, 'acknowledge', body.note?.trim() || null));
  }

  @Post(':id/follow-ups')
  @HttpCode(200)
  @Roles('dispatcher', 'unit_leader', 'city_leader')
  @ApiOkResponse({ type: WarningDto })
  async followUp(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: WarningNoteDto): Promise<WarningDto> {
    return WarningDto.fromDetail(await this.warnings.act(staff, id, 'follow_up', body.note.trim()));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('dispatcher', 'unit_leader', 'city_leader')
  @ApiOkResponse({ type: WarningDto })
  async close(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: WarningNoteDto): Promise<WarningDto> {
    return WarningDto.fromDetail(await this.warnings.act(staff, id, 'close', body.note.trim()));
  }
}
