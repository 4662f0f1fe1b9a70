import { Body, Controller, Delete, Get, HttpCode, Param, ParseFilePipe, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentResident, Public, ResidentRoute, type ResidentPrincipal } from '../../common/auth/principal';
import type { ReceivedFile } from '../media/streamed-upload';
import { UPLOAD_CONTENT_TYPES } from '../media/upload-type';
import { ResidentMediaUploadInterceptor } from './media-upload.interceptor';
import {
  ContactDto,
  RESIDENT_MEDIA_UPLOAD_BODY,
  ResidentCaseDto,
  ResidentFileDto,
  ResidentLoginDto,
  ResidentMediaResultDto,
  ResidentMediaUploadDto,
  ResidentPhoneCodeDto,
  ResidentPhoneDto,
  ResidentPhotoDto,
  ResidentPhotoResultDto,
  ResidentProfileDto,
  ResidentRevisitDto,
  ResidentSessionDto,
  SuggestDto,
  SuggestionDto,
  VillageDto,
} from './dto/resident.dto';
import { RateLimit } from '../limits/rate-limit.decorator';
import { ResidentsService } from './residents.service';

/** The mini-program's resident side: sign in, file, follow one's own cases, answer the revisit. */
@ApiTags('residents')
@Controller('api')
export class ResidentsController {
  constructor(private readonly residents: ResidentsService) {}

  // Public: this is how a resident gets a token; the wx.login code is the credential. Throttled per address.
  @Public()
  @RateLimit('resident-login')
  @Post('auth/resident/login')
  @HttpCode(200)
  @ApiOkResponse({ type: ResidentSessionDto })
  login(@Body() body: ResidentLoginDto): Promise<ResidentSessionDto> {
    return this.residents.login(body.code);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Get('my/profile')
  @ApiOkResponse({ type: ResidentProfileDto })
  profile(@CurrentResident() me: ResidentPrincipal): Promise<ResidentProfileDto> {
    return this.residents.profile(me);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/phone')
  @HttpCode(200)
  @ApiOkResponse({ type: ResidentPhoneDto })
  bindPhone(@CurrentResident() me: ResidentPrincipal, @Body() body: ResidentPhoneCodeDto): Promise<ResidentPhoneDto> {
    return this.residents.bindPhone(me, body.code);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Delete('my/phone')
  @HttpCode(204)
  @ApiNoContentResponse()
  unbindPhone(@CurrentResident() me: ResidentPrincipal): Promise<void> {
    return this.residents.unbindPhone(me);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/cases')
  @HttpCode(200)
  @ApiOkResponse({ type: ResidentCaseDto })
  file(@CurrentResident() me: ResidentPrincipal, @Body() body: ResidentFileDto): Promise<ResidentCaseDto> {
    return this.residents.file(me, body);
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
    return this.residents.addMedia(me, id, 'image', Buffer.from(body.base64, 'base64'));
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Post('my/cases/:id/media')
  @UseInterceptors(ResidentMediaUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(RESIDENT_MEDIA_UPLOAD_BODY)
  @ApiCreatedResponse({ type: ResidentMediaResultDto })
  media(
    @CurrentResident() me: ResidentPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResidentMediaUploadDto,
    @UploadedFile(new ParseFilePipe({ fileIsRequired: true })) file: ReceivedFile,
  ): Promise<ResidentMediaResultDto> {
    return this.residents.addMedia(me, id, body.kind, file, body.durationMs);
  }

  @ResidentRoute()
  @ApiBearerAuth()
  @Get('my/cases/:id/media/:attachmentId')
  @ApiProduces(...UPLOAD_CONTENT_TYPES, 'image/jpeg', 'image/png', 'application/octet-stream')
  @ApiOkResponse({ description: 'the bytes, with their content type', schema: { type: 'string', format: 'binary' } })
  async readMedia(
    @CurrentResident() me: ResidentPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const found = await this.residents.readMedia(me, id, attachmentId);
    res.setHeader('cache-control', 'private, max-age=3600');
    res.setHeader('x-content-type-options', 'nosniff');
    return found;
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
