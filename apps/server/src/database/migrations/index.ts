import { Initial1795681762129 } from './1795681762129-Initial';
import { ConversationAndMedia1795682846821 } from './1795682846821-ConversationAndMedia';
import { CaseNumberSequences1795684500000 } from './1795684500000-CaseNumberSequences';
import { Workflow1795684600000 } from './1795684600000-Workflow';
import { Quality1795684700000 } from './1795684700000-Quality';
import { Handling1795684800000 } from './1795684800000-Handling';
import { Delivery1795684900000 } from './1795684900000-Delivery';
import { OutboxPendingIndex1795685000000 } from './1795685000000-OutboxPendingIndex';
import { ResidentApp1795685100000 } from './1795685100000-ResidentApp';
import { Hardening1795686100000 } from './1795686100000-Hardening';
import { NextDue1795686300000 } from './1795686300000-NextDue';
import { SettingVersion1795686310000 } from './1795686310000-SettingVersion';

// Committed migrations, oldest first. Never edit one that has landed: add a new one.
export const MIGRATIONS: Function[] = [Initial1795681762129, ConversationAndMedia1795682846821, CaseNumberSequences1795684500000, Workflow1795684600000, Quality1795684700000, Handling1795684800000, Delivery1795684900000, OutboxPendingIndex1795685000000, ResidentApp1795685100000, Hardening1795686100000, NextDue1795686300000, SettingVersion1795686310000];
