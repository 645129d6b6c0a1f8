import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { KeyFigures } from '../src/components/KeyFigures.tsx';
import { createTotals } from './fixtures.ts';

afterEach(cleanup);

const number = (key: string) => screen.getByTestId(`figure-${key}`).querySelector('.figure-number')!.textContent;

describe('KeyFigures', () => {
  it('formats the figures with thousands separators and the settled share as a percentage', () => {
    render(<KeyFigures totals={createTotals()} />);
    expect(number('cases')).toBe('12,345');
    expect(number('open')).toBe('1,203');
    expect(number('settled')).toBe('62.3%');
    expect(number('mediators')).toBe('1,876');
    expect(number('uncovered')).toBe('7');
    expect(screen.getByTestId('figure-uncovered').textContent).toContain('共 269 个村(社区)');
    expect(screen.getByTestId('figure-uncovered').className).toContain('figure-warning');
  });
  it('shows a null settled share as a dash', () => {
    render(<KeyFigures totals={createTotals({ settled_share: null, villages_uncovered: 0 })} />);
    expect(number('settled')).toBe('—');
    expect(screen.getByTestId('figure-settled').textContent).toContain('暂无已结案件');
    expect(screen.getByTestId('figure-uncovered').className).not.toContain('figure-warning');
  });
  it('shows dashes while the totals are loading', () => {
    render(<KeyFigures totals={null} />);
    expect(number('cases')).toBe('—');
    expect(number('settled')).toBe('—');
  });
});
