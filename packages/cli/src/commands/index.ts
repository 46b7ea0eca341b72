import type { Command } from '../command';
import { driftCommand } from './drift';
import { evaluateCommand } from './evaluate';
import { modelsCommand } from './models';
import { profileCommand } from './profile';
import { serveCommand } from './serve';
import { trainCommand } from './train';
import { validateCommand } from './validate';

/** Every command of the tool, in the order `--help` lists them. Add new ones here. */
export const commands: Command[] = [
  validateCommand,
  profileCommand,
  trainCommand,
  evaluateCommand,
  driftCommand,
  modelsCommand,
  serveCommand,
];
