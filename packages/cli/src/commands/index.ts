import type { Command } from '../command';
import { modelsCommand } from './models';

/** Every command of the tool, in the order `--help` lists them. Add new ones here. */
export const commands: Command[] = [modelsCommand];
