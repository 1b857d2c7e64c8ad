import { describe, expect, it } from 'vitest';
import { API_SEMI_SPACE_MB, apiProcessExecArgv } from './young-generation.js';

describe('apiProcessExecArgv', () => {
  it("adds the API's semi-space size to the parent's flags", () => {
    expect(apiProcessExecArgv([])).toEqual([`--max-semi-space-size=${API_SEMI_SPACE_MB}`]);
    expect(apiProcessExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', `--max-semi-space-size=${API_SEMI_SPACE_MB}`]);
  });

  it("leaves an operator's own setting alone, in either spelling", () => {
    expect(apiProcessExecArgv(['--max-semi-space-size=16'])).toEqual(['--max-semi-space-size=16']);
    expect(apiProcessExecArgv(['--max_semi_space_size=8', '--cpu-prof'])).toEqual(['--max_semi_space_size=8', '--cpu-prof']);
  });
});
