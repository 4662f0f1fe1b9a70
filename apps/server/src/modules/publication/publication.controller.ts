import { Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound } from '../../common/errors/app-error';
import { Roles } from '../../common/auth/principal';
import { PublicationDto } from './dto/publication.dto';
import { PublicationService } from './publication.service';

/** The articles the server published on the Official Account, for the office and leaders. */
@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/publications')
export class PublicationController {
  constructor(private readonly publications: PublicationService) {}

  @Get()
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiOperation({ summary: 'The 50 newest publications, newest first' })
  @ApiOkResponse({ type: [PublicationDto] })
  async list(): Promise<PublicationDto[]> {
    return (await this.publications.list()).map(PublicationDto.from);
  }

  @Post(':id/refresh')
  @Roles('dispatcher')
  @ApiOperation({ summary: "Reads a submitted publication's outcome from WeChat again" })
  @ApiOkResponse({ type: PublicationDto })
  async refresh(@Param('id', ParseUUIDPipe) id: string): Promise<PublicationDto> {
    const record = await this.publications.get(id);
    if (!record) throw notFound('publication');
    return PublicationDto.from(await this.publications.refresh(record));
  }
}
