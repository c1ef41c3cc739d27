/**
 * 会议室 (meeting rooms) of one corp and their bookings (doc path/93619, 93620). Bookings are made through
 * bookRoom (the control plane, and any domain that books a room for a schedule or a meeting).
 */
import { Rng } from '../../core/runtime/rng.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Room {
  meetingroom_id: number;
  name: string;
  capacity: number;
  city: string;
  building: string;
  floor: string;
  equipment: number[];
  coordinate: { latitude: string; longitude: string } | undefined;
  range: { user_list: string[]; department_list: number[] } | undefined;
}

export interface Booking {
  booking_id: string;
  schedule_id: string;
  meetingroom_id: number;
  /** Unix seconds. */
  start_time: number;
  end_time: number;
  booker: string;
  /** Who booked it: an app's agentid, or undefined (control plane / WeCom client). */
  agentid: number | undefined;
  cancelled: boolean;
}

export interface BookInput {
  meetingroom_id: number;
  start_time: number;
  end_time: number;
  booker: string;
  /** The schedule the booking belongs to; a new id when absent (WeCom creates a schedule for a booking). */
  schedule_id?: string;
  agentid?: number;
}

/** Why a booking was refused. */
export type BookRefusal = 'room_not_found' | 'invalid_time' | 'conflict';

export class MeetingroomState {
  readonly rooms = new Map<number, Room>();
  readonly bookings: Booking[] = [];
  private nextId = 1;
  constructor(readonly rng: Rng) {}

  addRoom(r: Omit<Room, 'meetingroom_id'>): Room {
    const room = { ...r, meetingroom_id: this.nextId++ };
    this.rooms.set(room.meetingroom_id, room);
    return room;
  }

  /** Live bookings of a room overlapping [from, to), by start time. */
  bookingsOf(meetingroomId: number, from: number, to: number): Booking[] {
    return this.bookings
      .filter((b) => !b.cancelled && b.meetingroom_id === meetingroomId && b.start_time < to && b.end_time > from)
      .sort((a, b) => a.start_time - b.start_time);
  }

  /** Books a room: refused when the room does not exist, the times are reversed, or another booking overlaps. */
  book(input: BookInput): Booking | BookRefusal {
    if (!this.rooms.has(input.meetingroom_id)) return 'room_not_found';
    if (!(input.end_time > input.start_time)) return 'invalid_time';
    if (this.bookingsOf(input.meetingroom_id, input.start_time, input.end_time).length) return 'conflict';
    const b: Booking = {
      booking_id: `bk${this.rng.hex(22)}`,
      schedule_id: input.schedule_id ?? this.rng.hex(32),
      meetingroom_id: input.meetingroom_id,
      start_time: input.start_time,
      end_time: input.end_time,
      booker: input.booker,
      agentid: input.agentid,
      cancelled: false,
    };
    this.bookings.push(b);
    return b;
  }

  /** Cancels a booking; false when there is no live booking of that id. */
  cancel(bookingId: string): boolean {
    const b = this.bookings.find((x) => x.booking_id === bookingId && !x.cancelled);
    if (!b) return false;
    b.cancelled = true;
    return true;
  }
}

/** Demo rooms (typical/large corps): three rooms of one building, one booked today and one tomorrow. */
export function seedMeetingrooms(rng: Rng, bookers: string[], nowSec: number, demo: boolean): MeetingroomState {
  const s = new MeetingroomState(rng);
  if (!demo) return s;
  const base = { city: '深圳', building: '腾讯大厦', coordinate: { latitude: '22.540503', longitude: '113.934528' }, range: undefined };
  s.addRoom({ ...base, name: '18F-会议室', capacity: 10, floor: '18F', equipment: [1, 2, 3] });
  s.addRoom({ ...base, name: '18F-小会议室', capacity: 4, floor: '18F', equipment: [2] });
  s.addRoom({ ...base, name: '20F-大会议室', capacity: 30, floor: '20F', equipment: [1, 2, 3, 4, 5] });
  if (bookers.length) {
    const today = chinaDayStart(nowSec);
    s.book({ meetingroom_id: 1, start_time: today + 10 * 3600, end_time: today + 11 * 3600, booker: bookers[0]! });
    s.book({ meetingroom_id: 3, start_time: today + 86_400 + 14 * 3600, end_time: today + 86_400 + 15 * 3600 + 1800, booker: bookers[rng.int(bookers.length)]! });
  }
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MeetingroomState);
