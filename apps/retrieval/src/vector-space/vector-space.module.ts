import { Module } from '@nestjs/common';
import { VectorSpaceService } from './vector-space.service';

@Module({ providers: [VectorSpaceService], exports: [VectorSpaceService] })
export class VectorSpaceModule {}
