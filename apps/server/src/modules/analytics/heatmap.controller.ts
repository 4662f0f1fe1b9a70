import { Body, Controller, Get, Header, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicationDto } from '../publication/dto/publication.dto';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { HeatmapDto, HeatmapPictureQueryDto, HeatmapQueryDto, resolveHeatmapQuery } from './dto/heatmap.dto';
import { HeatmapService } from './heatmap.service';

/** 民生诉求热力图 for leaders, the office and inspectors (all of it) and unit leaders (their town or department). */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('api/analytics')
export class HeatmapController {
  constructor(private readonly heatmaps: HeatmapService) {}

  @Get('heatmap')
  @Roles('dispatcher', 'city_leader', 'inspector', 'unit_leader')
  @ApiOperation({ summary: 'Demands by town/village and category (or sub-item) over a period, with filters' })
  @ApiOkResponse({ type: HeatmapDto })
  heatmap(@Query() q: HeatmapQueryDto, @CurrentStaff() staff: StaffPrincipal): Promise<HeatmapDto> {
    return this.heatmaps.heatmap(resolveHeatmapQuery(q), staff);
  }

  @Get('heatmap.png')
  @Roles('dispatcher', 'city_leader', 'inspector', 'unit_leader')
  @Header('Cache-Control', 'private, max-age=60')
  @ApiOperation({ summary: 'The same heat map as a PNG picture (1500 px wide): a towns × categories grid, or places on a map' })
  @ApiProduces('image/png')
  async heatmapPng(@Query() q: HeatmapPictureQueryDto, @CurrentStaff() staff: StaffPrincipal, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const picture = await this.heatmaps.picture(resolveHeatmapQuery(q), q.view ?? 'grid', staff);
    // Whether the PNG was drawn for this request or is the one drawn for the same data before.
    res.setHeader('X-Picture-Cache', picture.cached ? 'hit' : 'miss');
    return new StreamableFile(picture.png, { type: 'image/png', disposition: `inline; filename="heatmap-${picture.period}.png"` });
  }

  @Post('heatmap/publish')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOperation({ summary: "Publishes the period's city-wide heat map as an article on the Official Account (the caller approves it)" })
  @ApiOkResponse({ type: PublicationDto })
  async publish(@Body() q: HeatmapQueryDto, @CurrentStaff() staff: StaffPrincipal): Promise<PublicationDto> {
    return PublicationDto.from(await this.heatmaps.publish(resolveHeatmapQuery(q), staff));
  }
}
