import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Legend } from '../src/components/Legend.tsx';
import { buildThematic } from '../src/lib/thematic.ts';
import { createArea } from './fixtures.ts';

afterEach(cleanup);

describe('Legend', () => {
  it('shows the coverage classes with units and the zero class first', () => {
    const features = [0, 1, 1, 2, 3, 5, 8].map((m, i) => createArea({ code: `v${i}`, mediator_count: m }));
    render(<Legend model={buildThematic(features, 'coverage', 'village', 'km2')} />);
    expect(screen.getByText('调解员覆盖（在岗人数）')).toBeTruthy();
    expect(screen.getByTestId('legend-zero').textContent).toBe('无调解员覆盖：1 个村(社区)');
    const rows = screen.getAllByTestId('legend-class');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]!.textContent).toContain('人');
    expect(rows[rows.length - 1]!.textContent).toMatch(/≥ \d+ 人/);
  });
  it('shows the zero class for townships with the township counting word', () => {
    const features = [0, 0, 4].map((m, i) => createArea({ code: `t${i}`, level: 'township', type: 'town', mediator_count: m }));
    render(<Legend model={buildThematic(features, 'coverage', 'township', 'km2')} />);
    expect(screen.getByTestId('legend-zero').textContent).toBe('无调解员覆盖：2 个乡镇(街道)');
  });
  it('shows density classes with the chosen unit and no zero class', () => {
    const features = [1, 5, 9, 20].map((c, i) => createArea({ code: `d${i}`, case_count: c, population_est: 10000 }));
    render(<Legend model={buildThematic(features, 'density', 'village', 'per10k')} />);
    expect(screen.getByText('纠纷密度（每万人）')).toBeTruthy();
    expect(screen.queryByTestId('legend-zero')).toBeNull();
    const rows = screen.getAllByTestId('legend-class');
    expect(rows[0]!.textContent).toContain('件/万人');
    expect(rows[0]!.textContent).toMatch(/^0 – /);
  });
  it('renders nothing before the areas are loaded', () => {
    const { container } = render(<Legend model={null} />);
    expect(container.innerHTML).toBe('');
  });
});
