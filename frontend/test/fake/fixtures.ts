/**
 * The demo community the browser tests run against (华府骏苑, Hefei), in the shapes of the
 * contract. Everything is derived from fixed inputs: no test depends on the day it runs.
 */

import type {
  CommunitySummary,
  ComplianceItem,
  Gate,
  ImageRef,
  PersonDetail,
  PlanDevice,
  RecordKind,
  RecordRow,
  RegisterColumn,
  RegisterColumnKey,
  RegisterTableRow,
  StrangerCluster,
  Vehicle,
} from "../../src/api/types";

/** "Now" for the fake backend and the browser clock: 2026-03-01 10:00 in Hefei. */
export const NOW_ISO = "2026-03-01T10:00:00+08:00";
export const NOW_MS = Date.parse(NOW_ISO);
export const TIME_ZONE = "Asia/Shanghai";

/** ISO time `minutes` before now, with the +08:00 offset the backend sends. */
export function ago(minutes: number): string {
  const local = new Date(NOW_MS - minutes * 60_000 + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

export const COMMUNITY: CommunitySummary = {
  entry_id: "entry-hfjy",
  name: "华府骏苑",
  code: "340104001001001",
  tier: "high",
  gates: ["东门", "南门"],
};

export const SECOND_COMMUNITY: CommunitySummary = {
  entry_id: "entry-fhc",
  name: "凤凰城",
  code: "340104001001002",
  tier: "standard",
  gates: ["北门"],
};

export function image(type: ImageRef["type"], name: string): ImageRef {
  const file = type === "face" ? `${name}.svg` : type === "plate" ? "plate.jpg" : "scene.jpg";
  return {
    type,
    url: `/api/smart_community/image/${file}?authSig=signed-full`,
    thumb_url: `/api/smart_community/image/${file}?authSig=signed-thumb`,
  };
}

/** Buildings 1–5, units 1–2 (the register's), with a few occupied rooms. */
export const LAYOUT = [1, 2, 3, 4, 5].map((b) => ({ building: String(b), units: ["1", "2"] }));

/** A registered person with everything not given empty. */
export function person(p: Partial<PersonDetail> & Pick<PersonDetail, "person_id" | "name" | "role">): PersonDetail {
  return {
    id_number: null,
    mobile: null,
    building: null,
    unit: null,
    room: null,
    move_in: null,
    move_out: null,
    watch: null,
    care: null,
    faces: 0,
    cards: [],
    photos: [],
    vehicles: [],
    household: [],
    last_seen: null,
    ...p,
  };
}

export function initialPeople(): PersonDetail[] {
  return [
    person({
      person_id: "P00001",
      name: "张伟",
      role: "owner",
      id_number: "340121********1230",
      mobile: "138****8000",
      building: "5",
      unit: "1",
      room: "1502",
      faces: 2,
      cards: ["A1001"],
      photos: [
        { photo_id: "ph1", url: "/api/smart_community/image/face-1.svg?authSig=f", thumb_url: "/api/smart_community/image/face-1.svg?authSig=t" },
        { photo_id: "ph2", url: "/api/smart_community/image/face-1.svg?authSig=f2", thumb_url: "/api/smart_community/image/face-1.svg?authSig=t2" },
      ],
      last_seen: "2026-03-01T09:41:00+08:00",
    }),
    person({ person_id: "P00002", name: "李娜", role: "family", building: "5", unit: "1", room: "1502", faces: 1, mobile: "139****1234" }),
    person({
      person_id: "P00003",
      name: "王芳",
      role: "tenant",
      building: "3",
      unit: "2",
      room: "801",
      move_in: "2025-09-01",
      move_out: "2026-08-31",
      faces: 1,
      mobile: "137****5566",
    }),
    person({
      person_id: "P00004",
      name: "刘秀英",
      role: "owner",
      building: "2",
      unit: "1",
      room: "302",
      faces: 1,
      care: {
        inactivity_hours: 24,
        emergency_contact_name: "刘强",
        emergency_contact_mobile: "136****7788",
        last_seen: "2026-02-27T18:20:00+08:00",
        overdue: true,
      },
    }),
    person({ person_id: "P00005", name: "陈静", role: "owner", building: "1", unit: "2", room: "1101", faces: 0 }),
    person({ person_id: "S00001", name: "赵保安", role: "guard", faces: 1 }),
    person({ person_id: "S00002", name: "孙物业", role: "staff", faces: 1 }),
  ];
}

export function initialVehicles(): Vehicle[] {
  return [
    {
      plate: "皖A12345",
      owner_id: "P00001",
      owner_name: "张伟",
      color: "blue",
      parking_space: "B1-023",
      monthly_pass: { valid_from: "2026-01-01", valid_until: "2026-12-31", active: true },
    },
    { plate: "皖AD12345", owner_id: "P00003", owner_name: "王芳", color: "green", parking_space: null, monthly_pass: null },
  ];
}

export const PLAN_DEVICES: PlanDevice[] = [
  { device: "34010449971328001001", name: "蜀山区华府骏苑东门入口人脸抓拍机", kind: "face_camera", longitude: 117.254201, latitude: 31.851402, building: null, unit: null, gate: "东门", online: true },
  { device: "34010449011398001010", name: "蜀山区华府骏苑东门入口人行闸机", kind: "turnstile", longitude: 117.254251, latitude: 31.851352, building: null, unit: null, gate: "东门", online: true },
  { device: "34010449011398001011", name: "蜀山区华府骏苑东门出口人行闸机", kind: "turnstile", longitude: 117.254251, latitude: 31.851452, building: null, unit: null, gate: "东门", online: false },
  { device: "34010449971328001002", name: "蜀山区华府骏苑南门入口人脸抓拍机", kind: "face_camera", longitude: 117.252801, latitude: 31.849902, building: null, unit: null, gate: "南门", online: true },
  { device: "34010449011398001020", name: "蜀山区华府骏苑南门车道1道闸", kind: "barrier", longitude: 117.252901, latitude: 31.849852, building: null, unit: null, gate: "南门", online: true },
  { device: "34010449971328001030", name: "蜀山区华府骏苑南门车道1车牌识别", kind: "plate_camera", longitude: 117.252951, latitude: 31.849882, building: null, unit: null, gate: "南门", online: true },
  { device: "34010449971328001101", name: "蜀山区华府骏苑5栋1单元1F人脸抓拍机", kind: "face_camera", longitude: 117.253501, latitude: 31.850802, building: "5", unit: "1", gate: null, online: true },
  { device: "34010449011398001101", name: "蜀山区华府骏苑5栋1单元门禁", kind: "access_terminal", longitude: 117.253521, latitude: 31.850782, building: "5", unit: "1", gate: null, online: true },
  { device: "34010449971328001201", name: "蜀山区华府骏苑3栋2单元1F人脸抓拍机", kind: "face_camera", longitude: 117.252401, latitude: 31.851002, building: "3", unit: "2", gate: null, online: true },
  { device: "34010449011398001201", name: "蜀山区华府骏苑3栋2单元门禁", kind: "access_terminal", longitude: 117.252421, latitude: 31.850982, building: "3", unit: "2", gate: null, online: true },
  { device: "34010449051168001301", name: "蜀山区华府骏苑小区道路烟感1", kind: "smoke_detector", longitude: 117.253001, latitude: 31.850402, building: null, unit: null, gate: null, online: true },
  { device: "34010449111188001001", name: "蜀山区华府骏苑监控中心硬盘录像机", kind: "nvr", longitude: null, latitude: null, building: null, unit: null, gate: null, online: true },
];

export function initialGates(): Gate[] {
  return [
    { device: "34010449011398001010", name: "东门入口闸机", kind: "turnstile", gate: "东门", building: null, unit: null, online: true, state: "closed" },
    { device: "34010449011398001011", name: "东门出口闸机", kind: "turnstile", gate: "东门", building: null, unit: null, online: false, state: "unknown" },
    { device: "34010449011398001020", name: "南门车道1道闸", kind: "barrier", gate: "南门", building: null, unit: null, online: true, state: "closed" },
    { device: "34010449011398001101", name: "5栋1单元门禁", kind: "access_terminal", gate: null, building: "5", unit: "1", online: true, state: "closed" },
  ];
}

function record(id: number, minutesAgo: number, kind: RecordKind, extra: Partial<RecordRow>): RecordRow {
  return {
    id,
    time: ago(minutesAgo),
    kind,
    device: "34010449971328001001",
    device_name: "蜀山区华府骏苑东门入口人脸抓拍机",
    gate: "东门",
    building: null,
    unit: null,
    person_id: null,
    person_name: null,
    role: null,
    cluster_id: null,
    stranger_number: null,
    plate: null,
    plate_color: null,
    method: null,
    outcome: null,
    reason: null,
    similarity: null,
    alarm: null,
    images: [],
    clips: [],
    falling: null,
    acknowledged_by: null,
    acknowledged_at: null,
    ...extra,
  };
}

/** 130 records over the last ~22 hours: residents, a tenant, strangers, plates, alarms. */
export function initialRecords(): RecordRow[] {
  const out: RecordRow[] = [];
  let id = 1000;
  for (let i = 0; i < 130; i++) {
    const minutes = 5 + i * 10;
    const pick = i % 6;
    id += 1;
    if (pick === 0) {
      out.push(
        record(id, minutes, "recognition", {
          person_id: "P00001",
          person_name: "张伟",
          role: "owner",
          method: "face",
          outcome: "allow",
          reason: "resident",
          similarity: 0.71,
          images: [image("face", "face-1"), image("scene", "s")],
        }),
      );
    } else if (pick === 1) {
      out.push(
        record(id, minutes, "recognition", {
          cluster_id: "anon-12",
          stranger_number: 12,
          method: "face",
          outcome: "deny",
          reason: "unknown_person",
          device: "34010449971328001101",
          device_name: "蜀山区华府骏苑5栋1单元1F人脸抓拍机",
          gate: null,
          building: "5",
          unit: "1",
          images: [image("face", "face-12"), image("scene", "s")],
        }),
      );
    } else if (pick === 2) {
      out.push(
        record(id, minutes, "plate_read", {
          plate: "皖A12345",
          plate_color: "blue",
          person_id: "P00001",
          person_name: "张伟",
          role: "owner",
          method: "plate",
          outcome: "allow",
          reason: "monthly_pass",
          device: "34010449971328001030",
          device_name: "蜀山区华府骏苑南门车道1车牌识别",
          gate: "南门",
          images: [image("plate", "p"), image("scene", "s")],
        }),
      );
    } else if (pick === 3) {
      out.push(
        record(id, minutes, "turnstile_open", {
          person_id: "P00003",
          person_name: "王芳",
          role: "tenant",
          method: "ic_card",
          outcome: "allow",
          reason: "resident",
          device: "34010449011398001010",
          device_name: "蜀山区华府骏苑东门入口人行闸机",
        }),
      );
    } else if (pick === 4) {
      out.push(
        record(id, minutes, "recognition", {
          cluster_id: "anon-7",
          stranger_number: 7,
          method: "face",
          outcome: "deny",
          reason: "unknown_person",
          device: "34010449971328001002",
          device_name: "蜀山区华府骏苑南门入口人脸抓拍机",
          gate: "南门",
          images: [image("face", "face-7")],
        }),
      );
    } else {
      out.push(
        record(id, minutes, "recognition", {
          person_id: "P00002",
          person_name: "李娜",
          role: "family",
          method: "face",
          outcome: "allow",
          reason: "resident",
          similarity: 0.66,
          device: "34010449971328001101",
          device_name: "蜀山区华府骏苑5栋1单元1F人脸抓拍机",
          gate: null,
          building: "5",
          unit: "1",
          images: [image("face", "face-2")],
        }),
      );
    }
  }
  out.push(
    record(999, 3, "alarm", {
      alarm: "smoke",
      device: "34010449051168001301",
      device_name: "蜀山区华府骏苑小区道路烟感1",
      gate: null,
    }),
    record(998, 40, "alert", {
      person_id: "P00009",
      person_name: "黑名单人员",
      role: "visitor",
      outcome: "alert",
      reason: "black_list",
      method: "face",
      images: [image("face", "face-9")],
    }),
  );
  return out.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : b.id - a.id));
}

export function initialClusters(): StrangerCluster[] {
  const sample = (record_id: number, name: string, minutes: number) => ({
    record_id,
    time: ago(minutes),
    url: `/api/smart_community/image/${name}.svg?authSig=f`,
    thumb_url: `/api/smart_community/image/${name}.svg?authSig=t`,
  });
  return [
    {
      cluster_id: "anon-12",
      number: 12,
      visits: 22,
      first_seen: ago(60 * 24 * 6),
      last_seen: ago(15),
      places: ["5栋1单元", "东门"],
      samples: [sample(1002, "face-12", 15), sample(1008, "face-12", 75), sample(1014, "face-12b", 135)],
      watch: null,
    },
    {
      cluster_id: "anon-7",
      number: 7,
      visits: 21,
      first_seen: ago(60 * 24 * 2),
      last_seen: ago(45),
      places: ["南门"],
      samples: [sample(1005, "face-7", 45), sample(1011, "face-7", 105)],
      watch: { kind: "watch_list", reason: "夜间徘徊", since: ago(600) },
    },
    {
      cluster_id: "anon-3",
      number: 3,
      visits: 2,
      first_seen: ago(60 * 30),
      last_seen: ago(60 * 29),
      places: ["南门"],
      samples: [sample(900, "face-3", 60 * 29)],
      watch: null,
    },
  ];
}

export const REGISTER_COLUMNS: RegisterColumn[] = (
  [
    ["code", "设备编码", true, "always"],
    ["name", "设备名称", true, "always"],
    ["manufacturer", "设备厂商", true, "camera"],
    ["division", "行政区域", true, "always"],
    ["ipv4", "IPV4地址", true, "camera"],
    ["longitude", "经度", true, "camera"],
    ["latitude", "纬度", true, "camera"],
    ["retention_days", "录像保存天数", true, "camera"],
    ["device_kind", "设备种类", false, "always"],
    ["building", "楼栋", false, "optional"],
    ["unit", "单元", false, "optional"],
    ["gate", "出入口", false, "optional"],
    ["transport", "接入方式", false, "optional"],
  ] as Array<[RegisterColumnKey, string, boolean, RegisterColumn["need"]]>
).map(([key, heading, police, need]) => ({ key, heading, police, need }));

export function registerRows(): RegisterTableRow[] {
  return PLAN_DEVICES.map((d, i) => ({
    row: i + 2,
    code: d.device,
    name: d.name,
    kind: d.kind,
    cells: {
      code: d.device,
      name: d.name,
      manufacturer: "1",
      division: "340104",
      ipv4: `192.168.1.${10 + i}`,
      longitude: d.longitude === null ? "" : d.longitude.toFixed(6),
      latitude: d.latitude === null ? "" : d.latitude.toFixed(6),
      retention_days: d.kind === "nvr" ? "" : "30",
      device_kind: d.kind,
      building: d.building ?? "",
      unit: d.unit ?? "",
      gate: d.gate ?? "",
      transport: d.kind === "turnstile" ? "rs485" : "mqtt",
    },
    online: d.online,
    last_seen: ago(i),
    problems:
      d.kind === "nvr"
        ? [{ row: i + 2, column: "retention_days", heading: "录像保存天数", reason: "is required" }]
        : [],
  }));
}

export const COMPLIANCE_ITEMS: ComplianceItem[] = [
  {
    id: "standard_entrance_face_capture",
    tier: "standard",
    title_zh: "每个人行出入口配置人脸抓拍机",
    title_en: "A face-capture camera at every pedestrian entrance",
    met: true,
    evidence: ["东门: 蜀山区华府骏苑东门入口人脸抓拍机 (34010449971328001001)", "南门: 蜀山区华府骏苑南门入口人脸抓拍机 (34010449971328001002)"],
    missing: [],
  },
  {
    id: "standard_vehicle_lane_kit",
    tier: "standard",
    title_zh: "每个车行出入口配置车牌识别、道闸和车辆检测器",
    title_en: "Plate camera, barrier and detector at every vehicle lane",
    met: true,
    evidence: ["南门车道1"],
    missing: [],
  },
  {
    id: "medium_recording_retention",
    tier: "medium",
    title_zh: "录像保存不少于30天",
    title_en: "Recordings kept at least 30 days",
    met: false,
    evidence: [],
    missing: ["蜀山区华府骏苑监控中心硬盘录像机: 录像保存天数 未填写"],
  },
  {
    id: "high_unit_access",
    tier: "high",
    title_zh: "每个单元门配置门禁终端和楼道人脸抓拍机",
    title_en: "Access terminal and hallway face camera at every unit",
    met: false,
    evidence: ["5栋1单元", "3栋2单元"],
    missing: ["1栋1单元: 智能门禁终端", "1栋1单元: 单元楼道人脸抓拍机", "4栋2单元: 单元楼道人脸抓拍机"],
  },
];
