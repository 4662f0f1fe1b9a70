import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last case number issued per Beijing day; bumped atomically with INSERT … ON CONFLICT. */
@Entity('case_number_counter')
export class CaseNumberCounterEntity {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ name: 'last_value', type: 'integer' }) lastValue!: number;
}
