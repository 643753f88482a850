/**
 * Demo people, so a fresh `npm start` shows delivery at work: the An Giang officer and chairman receive the
 * seeded assignments' mail, the Deputy Prime Minister in charge gets the morning digest, the Government
 * Office coordinator hears of reports. The addresses are fictitious (example.vn); without SMTP_URL all mail
 * goes to the local mail catcher. No tokens are made: an admin issues them (`POST /v1/admin/people/{id}/tokens`).
 */
import type { Sql } from '../db/sql';

export const SEED_PEOPLE = [
  {
    id: 'demo-vpcp-coordinator',
    name: 'Vụ Tổng hợp, Văn phòng Chính phủ',
    role: 'coordinator',
    unitCode: 'vpcp',
    email: 'tonghop@vpcp.example.vn',
    language: 'vi',
  },
  {
    id: 'demo-an-giang-officer',
    name: 'Văn phòng UBND tỉnh An Giang',
    role: 'unit',
    unitCode: 'an-giang',
    position: 'officer',
    email: 'vanphong@angiang.example.vn',
    language: 'vi',
  },
  {
    id: 'demo-an-giang-head',
    name: 'Chủ tịch UBND tỉnh An Giang',
    role: 'unit',
    unitCode: 'an-giang',
    position: 'head',
    email: 'chutich@angiang.example.vn',
    language: 'vi',
  },
  {
    id: 'demo-bo-ca-officer',
    name: 'Ministry of Public Security, Office',
    role: 'unit',
    unitCode: 'bo-ca',
    position: 'officer',
    email: 'office@mps.example.vn',
    language: 'en',
  },
  {
    id: 'demo-deputy-pm',
    name: 'Phó Thủ tướng phụ trách chuyển đổi số',
    role: 'leader',
    unitCode: null,
    email: 'ptt@chinhphu.example.vn',
    language: 'vi',
  },
] as const;

export async function loadSeedPeople(sql: Sql): Promise<void> {
  for (const p of SEED_PEOPLE) {
    await sql`
      INSERT INTO people (id, name, role, unit_code, email, language, position, created_by)
      VALUES (${p.id}, ${p.name}, ${p.role}, ${p.unitCode}, ${p.email}, ${p.language}, ${'position' in p ? p.position : 'officer'}, 'seed')
      ON CONFLICT (id) DO NOTHING`;
  }
}
