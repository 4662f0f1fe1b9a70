import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentResident, Public, ResidentRoute, type ResidentPrincipal } from '../../common/auth/principal';
import {
  ContactDto,
  ResidentCaseDto,
  ResidentFileDto,
  ResidentLoginDto,
  ResidentPhotoDto,
  ResidentPhotoResultDto,
  ResidentRevisitDto,
  ResidentSessionDto,
  SuggestDto,
  SuggestionDto,
  VillageDto,
} from './dto/resident.dto';
import { ResidentsService } from './residents.service';

/** The mini-program's resident side: sign in, file, follow one's own cases, answer the revisit. */
@ApiTags('residents')
@Controller('api')
export class ResidentsController {
  constructor(private readonly residents: ResidentsService) {}

  // Public: this is how a resident gets a token; the wx.login code is the credential.
  @Public()
  @Post('auth/resident/login')
  @HttpCode(200)
  @ApiOkResponse({ type: ResidentSessionDto })
  login(@Body() body: ResidentLoginDto): Promise<ResidentSessionDto> {
    return this.residents.login(body.code);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/cases')
  @HttpCode(200)
  @ApiOkResponse({ type: ResidentCaseDto })
  file(@CurrentResident() me: ResidentPrincipal, @Body() body: ResidentFileDto): Promise<ResidentCaseDto> {
    return this.residents.file(me, body.text, body.clientKey, body.subItem);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/suggestion')
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  suggest(@Body() body: SuggestDto): SuggestionDto {
    return this.residents.suggest(body.text);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Get('my/cases')
  @ApiOkResponse({ type: [ResidentCaseDto] })
  mine(@CurrentResident() me: ResidentPrincipal): Promise<ResidentCaseDto[]> {
    return this.residents.list(me);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Get('my/cases/:id')
  @ApiOkResponse({ type: ResidentCaseDto })
  one(@CurrentResident() me: ResidentPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ResidentCaseDto> {
    return this.residents.get(me, id);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/cases/:id/photos')
  @ApiOkResponse({ type: ResidentPhotoResultDto })
  photo(@CurrentResident() me: ResidentPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ResidentPhotoDto): Promise<ResidentPhotoResultDto> {
    return this.residents.addPhoto(me, id, Buffer.from(body.base64, 'base64'), body.contentType);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Get('my/villages')
  @ApiOkResponse({ type: [VillageDto] })
  villages(): Promise<VillageDto[]> {
    return this.residents.villages();
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Get('my/contacts')
  @ApiOkResponse({ type: [ContactDto] })
  contacts(@Query('unitId', new ParseUUIDPipe()) unitId: string): Promise<ContactDto[]> {
    return this.residents.contacts(unitId);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/cases/:id/revisit')
  @HttpCode(200)
  @ApiOkResponse({ type: ResidentCaseDto })
  revisit(@CurrentResident() me: ResidentPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ResidentRevisitDto): Promise<ResidentCaseDto> {
    return this.residents.revisit(me, id, body.rating, body.solved ?? null);
  }
}
