/**
 * The seed documents (../shared/seed-docs) as structured directives. Deadline phrases are kept as written
 * (translated to English where the article is in Swedish); `dueOn` is what they resolve to, checked by a
 * unit test against the deadline resolver.
 */
import { UNITS } from '../data/units';
import type { IsoDate } from '../domain/dates';
import { expandGroup, type UnitGroup } from '../domain/units';

export interface SeedTask {
  id: string;
  /** In Vietnamese, as the original document words the task; `titleEn` as the seed article renders it. */
  title: string;
  titleEn?: string;
  description: string;
  deadlineText: string;
  dueOn: IsoDate;
  /** For standing obligations: dueOn is the end of the first period. */
  recurring?: 'monthly' | 'quarterly' | 'yearly' | 'continuous';
  assignees: { units?: string[]; groups?: UnitGroup[] };
  leadUnits?: string[];
  coordinatingUnits?: string[];
  key?: boolean;
  /** Units the source document reports as done, with the date of the report. */
  reported?: { units: string[]; on: IsoDate; note: string };
}

export interface SeedDirective {
  id: string;
  number: string;
  kind: string;
  issuer: string;
  issuedOn: IsoDate;
  title: string;
  url?: string;
  sourceDoc: string;
  summary: string;
  tasks: SeedTask[];
}

const FEE_PROVINCES = ['an-giang', 'can-tho', 'dak-nong', 'kien-giang', 'soc-trang', 'tay-ninh', 'ho-chi-minh'];

/**
 * Project 06 review: 63 localities and 28 central agencies were asked to report; 62 and 22 had. The article
 * does not name the missing ones; these are chosen for the demo and say nothing about the real units.
 */
export const PROJECT06_MINISTRIES = [
  'bo-qp',
  'bo-ca',
  'bo-ng',
  'bo-noi-vu',
  'bo-tp',
  'bo-khdt',
  'bo-tc',
  'bo-ct',
  'bo-nnptnt',
  'bo-gtvt',
  'bo-xd',
  'bo-tnmt',
  'bo-tttt',
  'bo-ldtbxh',
  'bo-vhttdl',
  'bo-khcn',
  'bo-gddt',
  'bo-yt',
  'ubdt',
  'nhnn',
  'ttcp',
  'vpcp',
  'bhxh',
  'vtv',
  'vov',
  'ttxvn',
  'vast',
  'vass',
];
const PROJECT06_MINISTRIES_NOT_REPORTED = ['bo-ng', 'bo-vhttdl', 'ubdt', 'vov', 'vast', 'vass'];
const PROJECT06_LOCALITY_NOT_REPORTED = 'lai-chau';

export const SEED_DIRECTIVES: SeedDirective[] = [
  {
    id: 'tb-203-2024',
    number: '203/TB-VPCP',
    kind: 'notice',
    issuer: 'Văn phòng Chính phủ / Government Office',
    issuedOn: '2024-05-06',
    title:
      'Kết luận của Thủ tướng tại Phiên họp thứ 8 của Ủy ban Quốc gia về chuyển đổi số / Conclusions of the 8th meeting of the National Committee on Digital Transformation',
    sourceDoc: '002_853d3db7a0bb18da.txt',
    summary:
      '"3 enhancements" and "5 pushes" in digital transformation: steering committees, Project 06-linked projects, online public service fees, remote digital signatures, mobile coverage, MIC and MPS tasks.',
    tasks: [
      {
        id: 'tb203-steering-committee',
        title: 'Hoàn thành việc kiện toàn Ban Chỉ đạo về chuyển đổi số',
        titleEn: 'Complete the Steering Committee for Digital Transformation',
        description:
          'Ministries, agencies and localities urgently complete the Steering Committee for Digital Transformation, ensuring strong, substantive and effective operations.',
        deadlineText: 'before May 10, 2024',
        dueOn: '2024-05-10',
        assignees: { groups: ['all_ministries_agencies_localities'] },
        key: true,
      },
      {
        id: 'tb203-project06-projects',
        title: 'Triển khai các dự án chuyển đổi số gắn với Đề án 06',
        titleEn: 'Digital transformation projects connected with Project 06',
        description:
          "Study the Ministry of Public Security's experience with Project 06 and develop digital transformation projects of ministries, branches and localities connected with Project 06.",
        deadlineText: 'in the first half of 2024 (before June 30, 2024)',
        dueOn: '2024-06-30',
        assignees: { groups: ['all_ministries_agencies_localities'] },
        coordinatingUnits: ['bo-ca'],
      },
      {
        id: 'tb203-fee-resolutions',
        title: 'Ban hành nghị quyết miễn, giảm phí, lệ phí khi sử dụng dịch vụ công trực tuyến',
        titleEn: 'Resolutions exempting or reducing fees for online public services',
        description:
          "The People's Committees urgently submit to the People's Councils resolutions on exemption and reduction of fees and charges in the use of online public services.",
        deadlineText: 'To be completed in May 2024',
        dueOn: '2024-05-31',
        assignees: { units: FEE_PROVINCES },
      },
      {
        id: 'tb203-remote-signature',
        title: 'Tích hợp chữ ký số từ xa vào Cổng dịch vụ công',
        titleEn: 'Integrate remote digital signatures into the Public Service Portal',
        description:
          'Ministries, branches and localities that have not integrated remote digital signature solutions into the Public Service Portal coordinate with the Ministry of Information and Communications to complete it.',
        deadlineText: 'in the second quarter of 2024',
        dueOn: '2024-06-30',
        assignees: { groups: ['all_ministries_agencies_localities'] },
        coordinatingUnits: ['bo-tttt'],
      },
      {
        id: 'tb203-mobile-signal',
        title: 'Xóa các điểm lõm sóng di động tại các thôn, bản đã có điện lưới',
        titleEn: 'Eliminate mobile signal dead zones in villages with grid electricity',
        description:
          'Localities coordinate with telecommunications and electricity enterprises to eliminate mobile signal depressions in villages and hamlets with national grid electricity.',
        deadlineText: 'before December 2024',
        dueOn: '2024-12-31',
        assignees: { groups: ['provinces'] },
      },
      {
        id: 'tb203-semiconductor-strategy',
        title: 'Trình Chiến lược phát triển ngành công nghiệp bán dẫn Việt Nam đến năm 2030',
        titleEn: "Submit the Strategy for the Development of Vietnam's Semiconductor Industry to 2030",
        description:
          'The Ministry of Information and Communications completes and submits the strategy to the Prime Minister for promulgation.',
        deadlineText: 'in May 2024',
        dueOn: '2024-05-31',
        assignees: { units: ['bo-tttt'] },
        key: true,
      },
      {
        id: 'tb203-decree-73',
        title: 'Sửa đổi Nghị định số 73/2019/NĐ-CP về quản lý đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước',
        titleEn: 'Amend Decree 73/2019/ND-CP on IT investment with state budget funds',
        description: 'The Ministry of Information and Communications amends and supplements Decree No. 73/2019/ND-CP of 5 September 2019.',
        deadlineText: 'in May 2024',
        dueOn: '2024-05-31',
        assignees: { units: ['bo-tttt'] },
      },
      {
        id: 'tb203-project06-review',
        title: 'Sơ kết việc thực hiện Đề án 06 và nhân rộng kinh nghiệm',
        titleEn: 'Preliminary review of Project 06 and dissemination of its experience',
        description:
          'The Ministry of Public Security conducts a preliminary review and disseminates experience in implementing Project 06 to ministries, branches and localities.',
        deadlineText: 'in May 2024',
        dueOn: '2024-05-31',
        assignees: { units: ['bo-ca'] },
      },
      {
        id: 'tb203-backlog-2022-2023',
        title: 'Xử lý các nhiệm vụ quá hạn, tồn đọng năm 2022–2023',
        titleEn: 'Handle overdue and backlog tasks of 2022–2023',
        description:
          'Prioritise resources to complete tasks of the National Digital Transformation Program and the three strategies; urgently handle overdue and backlog tasks of the 2022-2023 period. The notice sets no date; "urgently" is tracked here as by the end of 2024.',
        deadlineText: 'during 2024',
        dueOn: '2024-12-31',
        assignees: { groups: ['all_ministries_agencies_localities'] },
      },
    ],
  },
  {
    id: 'nq-214-2025',
    number: '214/NQ-CP',
    kind: 'resolution',
    issuer: 'Chính phủ / Government',
    issuedOn: '2025-07-23',
    title: 'Kế hoạch hành động thúc đẩy tạo lập dữ liệu phục vụ chuyển đổi số / Action plan on creating data for digital transformation',
    sourceDoc: '004_b87e542dbe1e1055.txt',
    summary:
      'Databases, platforms and information security across the political system, under the two-level local government model after the 2025 reorganisation.',
    tasks: [
      {
        id: 'nq214-review-databases',
        title: 'Rà soát, đánh giá các cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành',
        titleEn: 'Review and assess national and specialised databases',
        description:
          'The Ministry of Public Security leads, with the Ministry of Science and Technology, ministries, branches and localities, a comprehensive review of national and specialised databases.',
        deadlineText: 'in August 2025',
        dueOn: '2025-08-31',
        assignees: { units: ['bo-ca'] },
        coordinatingUnits: ['bo-khcn'],
        key: true,
      },
      {
        id: 'nq214-data-strategy',
        title: 'Ban hành chiến lược dữ liệu và chiến lược chuyển đổi số',
        titleEn: 'Issue the data strategy and digital transformation strategy',
        description:
          'Ministries, branches and localities develop and publish their data strategy and digital transformation strategy with the Ministry of Public Security.',
        deadlineText: 'in September 2025',
        dueOn: '2025-09-30',
        assignees: { groups: ['all_ministries_agencies_localities'] },
        coordinatingUnits: ['bo-ca'],
      },
      {
        id: 'nq214-standardise-databases',
        title: 'Xây dựng, chuẩn hóa các cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành',
        titleEn: 'Build and standardise national and specialised databases',
        description:
          'Build, update, complete and standardise the databases within each management scope, consistent with the national digital and data architecture.',
        deadlineText: 'during 2025',
        dueOn: '2025-12-31',
        assignees: { groups: ['ministries_and_agencies'] },
      },
      {
        id: 'nq214-provincial-platforms',
        title: 'Triển khai các nền tảng số quốc gia dùng chung tại các địa phương',
        titleEn: 'Shared national digital platforms in every province',
        description:
          "Provincial People's Committees complete the creation, update, standardisation and synchronisation of data to the shared national digital platforms and information systems.",
        deadlineText: 'by December 2025',
        dueOn: '2025-12-31',
        assignees: { groups: ['provinces'] },
      },
      {
        id: 'nq214-chief-engineers',
        title: 'Bố trí kỹ sư trưởng về công nghệ thông tin và kỹ sư trưởng về nghiệp vụ',
        titleEn: 'Appoint chief engineers for IT and for the profession',
        description:
          'Each ministry, sector and locality appoints a chief IT engineer and a chief professional engineer to build the digital architecture and strategy.',
        deadlineText: 'in 2025',
        dueOn: '2025-12-31',
        assignees: { groups: ['all_ministries_agencies_localities'] },
      },
      {
        id: 'nq214-encryption',
        title: 'Bảo đảm an ninh mật mã cho hạ tầng hệ thống thông tin và cơ sở dữ liệu',
        titleEn: 'Cryptographic security for information system infrastructure and databases',
        description:
          'The Government Cipher Committee leads the synchronous deployment of cryptographic security solutions and upgrades the specialised digital signature systems.',
        deadlineText: 'during 2025',
        dueOn: '2025-12-31',
        assignees: { units: ['ban-co-yeu'] },
        coordinatingUnits: ['bo-khcn'],
      },
      {
        id: 'nq214-monthly-report',
        title: 'Báo cáo tình hình thực hiện hằng tháng',
        titleEn: 'Monthly report on implementation',
        description:
          'Report every month on implementation and propose solutions to remove difficulties. Tracked from the first report, due at the end of August 2025.',
        deadlineText: 'report every month',
        dueOn: '2025-08-31',
        recurring: 'monthly',
        assignees: { groups: ['all_ministries_agencies_localities'] },
      },
    ],
  },
  {
    id: 'qd-320-bxd-2024',
    number: '320/QĐ-BXD',
    kind: 'decision',
    issuer: 'Bộ Xây dựng / Ministry of Construction',
    issuedOn: '2024-04-16',
    title:
      'Kế hoạch chuyển đổi số và bảo đảm an toàn thông tin mạng năm 2024 / 2024 plan for digital transformation and network information security',
    sourceDoc: '000_1c34d8b28ca2cebe.txt',
    summary: 'Measurable 2024 targets of the Ministry of Construction.',
    tasks: [
      {
        id: 'qd320-task-monitoring',
        title: '100% nhiệm vụ Chính phủ, Thủ tướng Chính phủ và Bộ giao được theo dõi, cập nhật trực tuyến',
        titleEn: '100% of tasks of the Government, the Prime Minister and the Ministry monitored and updated online',
        description: 'Target of Decision 320/QD-BXD for 2024.',
        deadlineText: 'during 2024',
        dueOn: '2024-12-31',
        assignees: { units: ['bo-xd'] },
      },
      {
        id: 'qd320-online-records',
        title: 'Tối thiểu 60% hồ sơ thủ tục hành chính được xử lý trực tuyến',
        titleEn: 'At least 60% of administrative records processed online',
        description: 'Target of Decision 320/QD-BXD for 2024.',
        deadlineText: 'during 2024',
        dueOn: '2024-12-31',
        assignees: { units: ['bo-xd'] },
      },
    ],
  },
  {
    id: 'kh-tttt-2021-2025',
    number: 'Kế hoạch CĐS Bộ TT&TT 2021–2025',
    kind: 'plan',
    issuer: 'Bộ Thông tin và Truyền thông / Ministry of Information and Communications',
    issuedOn: '2021-06-01',
    title: 'Kế hoạch chuyển đổi số của Bộ Thông tin và Truyền thông giai đoạn 2021–2025 / MIC digital transformation plan 2021–2025',
    sourceDoc: '001_3c6ddaf8bce0db2b.txt',
    summary: 'Yearly targets from 2022, 2023 and 2024; the head of each unit is directly responsible.',
    tasks: [
      {
        id: 'mic-plan-2022',
        title: 'Chỉ tiêu từ năm 2022',
        titleEn: 'Targets from 2022',
        description: 'Yearly targets of the plan from 2022.',
        deadlineText: 'in 2022',
        dueOn: '2022-12-31',
        assignees: { units: ['bo-tttt'] },
      },
      {
        id: 'mic-plan-2023',
        title: 'Chỉ tiêu từ năm 2023',
        titleEn: 'Targets from 2023',
        description: 'Yearly targets of the plan from 2023.',
        deadlineText: 'in 2023',
        dueOn: '2023-12-31',
        assignees: { units: ['bo-tttt'] },
      },
      {
        id: 'mic-plan-2024',
        title: 'Chỉ tiêu từ năm 2024',
        titleEn: 'Targets from 2024',
        description: 'Yearly targets of the plan from 2024.',
        deadlineText: 'in 2024',
        dueOn: '2024-12-31',
        assignees: { units: ['bo-tttt'] },
      },
    ],
  },
  {
    id: 'cv-452-review-2024',
    number: '452/TTg-KSTT (review)',
    kind: 'review',
    issuer: 'Bộ Thông tin và Truyền thông / Ministry of Information and Communications',
    issuedOn: '2024-06-01',
    title: 'Sơ kết 1 năm thực hiện Công điện 452/TTg-KSTT (Đề án 06) / One-year review of Official Dispatch 452/TTg-KSTT (Project 06)',
    sourceDoc: '003_d00ca2590ccd4970.txt',
    summary:
      'Reports on the network-security review from 62/63 localities and 22/28 central ministries and branches; 96/124 systems meet the criteria.',
    tasks: [
      {
        id: 'cv452-security-review-report',
        title: 'Báo cáo kết quả rà soát an ninh mạng các hệ thống thông tin phục vụ Đề án 06',
        titleEn: 'Report the results of the network-security review of information systems serving Project 06',
        description:
          "Review information systems against the criteria of the Ministry of Information and Communications' guidance and report the results.",
        deadlineText: 'by June 30, 2024',
        dueOn: '2024-06-30',
        assignees: { groups: ['provinces'], units: PROJECT06_MINISTRIES },
        reported: {
          on: '2024-06-20',
          note: 'Reported in the one-year review of Official Dispatch 452/TTg-KSTT',
          units: project06Reporters(expandGroup(UNITS, 'provinces', '2024-06-01')),
        },
      },
    ],
  },
];

/** The Project 06 reporters: every assignee except the ones the review counts as missing. */
export function project06Reporters(provinces: string[]): string[] {
  const ministries = PROJECT06_MINISTRIES.filter((u) => !PROJECT06_MINISTRIES_NOT_REPORTED.includes(u));
  return [...provinces.filter((p) => p !== PROJECT06_LOCALITY_NOT_REPORTED), ...ministries];
}
