/** SQL literals of codes the domain names (server-free: the statements are only built, not run). */
import { sqlLiteral, sqlLiteralList } from '../../src/db/sql-literal';
import { pirlCopy } from '../../src/api/services/federal-reports';
import { REPORT_PROGRAMS } from '../../src/domain/reporting';
import { SKILL_GAIN_PIRL, SKILL_GAIN_TYPES } from '../../src/domain/skill-gains';

describe('SQL literals', () => {
  it('doubles single quotes and leaves backslashes alone (standard strings)', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral('a\\b')).toBe("'a\\b'");
    expect(sqlLiteralList(['01', '05'])).toBe("'01', '05'");
    expect(sqlLiteralList(['ADULT', 'YOUTH'], ',')).toBe("'ADULT','YOUTH'");
    expect(() => sqlLiteralList([])).toThrow(/no values/);
  });

  it("the PIRL export's SQL takes the programs and the skill-gain columns from the domain", () => {
    const { copySql } = pirlCopy({ period: 'PY2025Q2', office: "O'Brien" });
    expect(copySql).toContain(`a.programs && ARRAY[${REPORT_PROGRAMS.map((p) => `'${p}'`).join(',')}]`);
    expect(copySql).toContain("a.office = 'O''Brien'");
    const gainColumns = [...copySql.matchAll(/g\.type = '(\w+)'/g)].map((m) => m[1]);
    expect(gainColumns).toEqual([...SKILL_GAIN_TYPES].sort((a, b) => SKILL_GAIN_PIRL[a] - SKILL_GAIN_PIRL[b]));
    expect(gainColumns.map((t) => SKILL_GAIN_PIRL[t as keyof typeof SKILL_GAIN_PIRL])).toEqual([1806, 1807, 1808, 1809, 1810]);
  });
});
