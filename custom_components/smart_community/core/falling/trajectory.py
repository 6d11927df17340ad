"""Is a track a free fall in front of the facade, and where did it leave the facade?

The track's image points are mapped through the facade homography to facade coordinates
(``u`` in columns, ``v`` in floors) and heights in metres (``v * floor_height_m``). A thrown or
dropped object's height follows ``h(t) = h0 + v0 t - g t² / 2`` (air drag lowers the
acceleration a little late in a long fall; an object a metre or two in front of the facade
appears a few percent bigger in the facade's frame, which raises it as much). So a throw is a
track whose height fits a parabola closely, whose acceleration is near g, that moves down far
enough and fast enough, and whose side-to-side motion is steady. Birds, leaves, insects, rain
and people fail at least one of these: constant speed (acceleration near 0), sway (poor fit),
too short or upward.

Origin: the release is where the vertical speed was (about) zero, the parabola's apex; when the
track already starts rising, its first point. Floor and column are those of the facade cell
holding the origin; the floor band ``floor_low … floor_high`` is the origin height ± 2 sigma,
sigma combining the fit's covariance with a model term for the object's distance from the
facade and its initial speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .facade import Facade, apply

G = 9.81
type F64 = NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class FallOptions:
    min_points: int = 12
    min_density: float = 0.55  # points per frame spanned
    min_steadiness: float = 0.6  # share of points of one polarity
    min_duration_s: float = 0.32
    min_drop_m: float = 3.5
    accel_low: float = 0.7  # x g
    accel_high: float = 1.8  # x g: moving towards the camera adds apparent acceleration
    max_fit_px: float = 1.6  # rms residual of the height fit, in camera pixels x scale
    # ... and of a short track (fewer than ``short_points``): a chain of unrelated blobs (a
    # person's blob and a few rain streaks, a bird's dive) lands within 1.6 px of some parabola
    # by chance when it has few points, while a short fall is seen crisply (on the development
    # clips 56 of the 59 falls tracked for fewer than 25 points fit within 0.7 px, 9 of the 12
    # false alarms of 13 hours of development distractors did not). Long tracks drift further
    # from one parabola (perspective, drag, a blob biased by the window behind it).
    short_points: int = 25
    short_max_fit_px: float = 0.7
    # The acceleration must be measured, not guessed: at least this many of its own sigmas
    # (a short, noisy chain of blobs can land in the band by chance; a fall seen for long
    # enough to be told from a glide shows its acceleration at 8 sigmas and more)
    min_accel_sigmas: float = 6.0
    # Free fall keeps one acceleration: air drag changes it by at most about 0.8 g²/v_t a
    # second (7 m/s³ for a light object of 10 m/s terminal speed), perspective by less. A
    # height that turns from flight to a dive, a leaf caught by a gust, or a chain of noise
    # does not: its third derivative (cubic fit) is beyond this bound by 3 of its sigmas.
    max_jerk_mps3: float = 10.0
    jerk_sigmas: float = 3.0
    # ... nor by pieces: each half of the track, fitted alone, keeps the whole track's
    # acceleration within its own 3 sigmas, what drag changes over half the track and this
    # slack. A bird or a leaf that swoops down twice (decelerating in each swoop) can make a
    # whole track that curves like a fall while neither half falls.
    half_slack_mps2: float = 2.0
    # Nor is it two straight pieces: a bird's glide that turns into a dive, or a still blob
    # chained to a glimpse of a raindrop, changes its speed at one moment and keeps it on
    # either side, and a short stretch of such a path lands near some parabola. A track that
    # a path at one speed, then at another (a continuous hinge, its turn anywhere) fits with
    # a residual under this share of the accepted model's is not a fall: over a fall the
    # speed grows all the time, and the hinge leaves the curvature unexplained. The 188 falls
    # found in 65 development clips kept a share of 0.62 and more; 3 of the 7 alarms of 18
    # hours of development distractors fell under 0.6.
    min_hinge_share: float = 0.6
    # A falling object moves in every frame: a "track" that sits still from one frame to the
    # next while its own fit says it moves (a chain of static blobs, or something slow that a
    # camera's encoder updates in jumps) is not one. Share of such frame pairs allowed, among
    # those where the fit moves at least ``frozen_min_move`` analysis pixels.
    max_frozen_share: float = 0.3
    frozen_min_move: float = 0.3
    frozen_px: float = 0.05  # analysis pixels: "the same position"
    max_side_px: float = 1.5  # rms residual of the side-to-side fit
    long_side_s: float = 1.5  # longer tracks: a cubic side path (perspective bends it more)
    max_side_mps: float = 5.0  # nobody throws that hard sideways; birds fly faster
    min_end_speed_mps: float = 5.0
    max_back_s: float = 2.5  # furthest extrapolation back to the apex
    # A light object (a plastic bottle, a slipper: terminal speed 15-25 m/s) seen falling for
    # long stops accelerating like a parabola: after 2 s its acceleration is a third of g and
    # the parabola's tests refuse it. A track of ``drag_min_s`` and more that the parabola
    # refuses for too little or a changing acceleration is tried against quadratic drag,
    # h(t) = H - (V²/g) ln cosh(g (t - t0) / V): it is a fall when that fits at least as well
    # as the parabola, within ``max_fit_px``, with a terminal speed V in the band, and when the
    # track shows the object gaining ``drag_min_gain_mps`` from below half its terminal
    # speed (a bird or a leaf already at its own steady speed shows no such gain). Below
    # 15 m/s of terminal speed a light object's fall is a bird's glide turning into a dive
    # (4-13 m/s): the model cannot tell them apart, so it does not go that low.
    drag_min_s: float = 1.5
    drag_terminal_mps: tuple[float, float] = (15.0, 80.0)
    drag_min_gain_mps: float = 8.0
    origin_window_s: float = 1.0  # the origin is fitted on the track's first second
    facade_margin: float = 0.5  # columns / floors outside the rectangle still accepted
    front_share: float = 0.015
    model_sigma_m: float = 0.3
    model_sigma_share: float = 0.01  # of the height above the ground


@dataclass(frozen=True, slots=True)
class FallFit:
    """A track that passed the free-fall test, in stream time and camera pixels."""

    origin_s: float
    start_s: float
    end_s: float
    origin_u: float
    origin_v: float
    origin_px: tuple[float, float]
    acceleration: float  # m/s², downward positive
    fit_px: float
    height_sigma_m: float
    floor: int
    floor_low: int
    floor_high: int
    column: int
    confidence: float
    points: tuple[tuple[float, float, float], ...]  # (t, x, y) camera pixels


@dataclass(frozen=True, slots=True)
class Rejection:
    kind: str  # a short key, for counting
    reason: str = ""


def _polyfit(t: F64, y: F64, degree: int) -> tuple[F64, F64, F64]:
    """Least squares with one pass of outlier removal; returns coefficients (lowest first),
    residuals and the parameter covariance.

    A few points may go (a blob merged with a window edge for a frame), never a tenth of the
    track nor its last points: a "track" that sits still and then jumps would otherwise lose
    its jumps as outliers and fit whatever is left."""
    a = np.vander(t, degree + 1, increasing=True)
    keep = np.ones(len(t), bool)
    most = max(1, len(t) // 10)
    for _ in range(2):
        coef, *_ = np.linalg.lstsq(a[keep], y[keep], rcond=None)
        residual = y - a @ coef
        spread = 1.4826 * float(np.median(np.abs(residual[keep]))) + 1e-9
        new_keep = np.abs(residual) <= max(3.5 * spread, 1e-6)
        if (
            new_keep.sum() < max(degree + 3, len(t) - most)
            or not new_keep[-2:].all()
            or np.array_equal(new_keep, keep)
        ):
            break
        keep = new_keep
    dof = max(int(keep.sum()) - degree - 1, 1)
    s2 = float(residual[keep] @ residual[keep]) / dof
    cov = s2 * np.linalg.pinv(a[keep].T @ a[keep])
    return coef, residual[keep], cov


def _jerk(t: F64, h: F64) -> tuple[float, float] | None:
    """The third derivative of the height and its sigma (cubic fit), or None when the track
    is too short to measure one."""
    if len(t) < 8:
        return None
    coef, _, cov = _polyfit(t, h, 3)
    return -6.0 * float(coef[3]), 6.0 * math.sqrt(max(float(cov[3, 3]), 0.0))


def _halves(t: F64, h: F64) -> list[tuple[float, float]]:
    """The acceleration and its sigma of each half of the track (by points), when both halves
    have enough points to measure one."""
    middle = len(t) // 2
    if middle < 6:
        return []
    result = []
    for part in (slice(0, middle), slice(middle, len(t))):
        coef, _, cov = _polyfit(t[part], h[part], 2)
        result.append((-2.0 * float(coef[2]), 2.0 * math.sqrt(max(float(cov[2, 2]), 0.0))))
    return result


def _hinge_rss(t: F64, h: F64, candidates: int = 64) -> float:
    """The least residual sum of squares of a continuous path of two constant speeds,
    ``h = a + b t + c max(t - tb, 0)``, its turn ``tb`` on a grid between the second and the
    second-last point (a 64th of the track apart: near enough for a residual)."""
    turns = np.linspace(float(t[1]), float(t[-2]), candidates)
    # one least-squares solve per turn, all at once: (turns, points, 3) design matrices
    design = np.empty((len(turns), len(t), 3))
    design[:, :, 0] = 1.0
    design[:, :, 1] = t[None, :]
    design[:, :, 2] = np.maximum(t[None, :] - turns[:, None], 0.0)
    gram = np.einsum("kni,knj->kij", design, design)
    rhs = np.einsum("kni,n->ki", design, h)
    coef = np.linalg.solve(gram + 1e-12 * np.eye(3)[None], rhs[:, :, None])[:, :, 0]
    residual = h[None, :] - np.einsum("kni,ki->kn", design, coef)
    return float((residual**2).sum(axis=1).min())


_DRAG_EXPLAINS = frozenset({"acceleration", "jerk", "halves"})


def _parabola_origin(
    t: F64, h: F64, acceleration: float, o: FallOptions
) -> tuple[float, float, float]:
    """Release time (relative, at most 0), height and its variance of a free fall: the apex
    of a parabola fitted on the track's first second with the acceleration held (within
    0.8 … 1.1 g): early on the object is still close to the facade, so perspective has not
    yet bent its path, and a fixed curvature extrapolates steadily."""
    early = t <= t[0] + o.origin_window_s
    if early.sum() < 6:
        early = np.arange(len(t)) < 6
    a_fix = min(max(acceleration, 0.8 * G), 1.1 * G)
    lifted = h[early] + 0.5 * a_fix * t[early] ** 2
    line, _, line_cov = _polyfit(t[early], lifted, 1)
    apex = float(line[1]) / a_fix  # h' = v0 - a t = 0
    origin_t = min(apex, 0.0)
    jac = np.array([1.0, origin_t])
    origin_h = float(line[0] + line[1] * origin_t - 0.5 * a_fix * origin_t**2)
    return origin_t, origin_h, max(float(jac @ line_cov @ jac), 0.0)


def _parabola_rejection(
    t: F64, h: F64, acceleration: float, fit_px: float, cov: F64, *, o: FallOptions
) -> Rejection | None:
    """The parabola's tests: acceleration near g, measured, steady, and a close fit."""
    duration = float(t[-1] - t[0])
    if not o.accel_low * G <= acceleration <= o.accel_high * G:
        return Rejection("acceleration", f"{acceleration:.1f} m/s² is not free fall")
    if fit_px > (o.max_fit_px if len(t) >= o.short_points else o.short_max_fit_px):
        return Rejection("fit", f"height fit off by {fit_px:.2f} px")
    accel_sigma = 2.0 * math.sqrt(max(float(cov[2, 2]), 0.0))
    if acceleration < o.min_accel_sigmas * accel_sigma:
        return Rejection("uncertain", f"{acceleration:.1f} ± {accel_sigma:.1f} m/s²")
    jerk = _jerk(t, h)
    if jerk is not None and abs(jerk[0]) - o.jerk_sigmas * jerk[1] > o.max_jerk_mps3:
        return Rejection("jerk", f"acceleration changes by {jerk[0]:.0f} m/s³")
    for half in _halves(t, h):
        off = abs(half[0] - acceleration) - o.jerk_sigmas * half[1]
        # a half measures the acceleration at its own middle, a quarter of the track away
        if off > o.half_slack_mps2 + o.max_jerk_mps3 * duration / 4:
            return Rejection(
                "halves", f"a half falls at {half[0]:.1f} m/s², the whole at {acceleration:.1f}"
            )
    return None


@dataclass(frozen=True, slots=True)
class DragFit:
    """h(t) = top_m - (V²/g) ln cosh(g (t - apex_s) / V), V = terminal_mps."""

    terminal_mps: float
    apex_s: float
    top_m: float
    rms_m: float

    def speed(self, t: float) -> float:
        """Downward speed at ``t`` (m/s)."""
        v = self.terminal_mps
        return v * math.tanh(G * (t - self.apex_s) / v)

    def heights(self, t: F64) -> F64:
        v = self.terminal_mps
        result: F64 = self.top_m - (v * v / G) * _log_cosh(G * (t - self.apex_s) / v)
        return result

    def height(self, t: float) -> float:
        return float(self.heights(np.array([t], dtype=np.float64))[0])


def _log_cosh(x: NDArray[np.floating]) -> F64:
    result: F64 = (np.logaddexp(x, -x) - math.log(2.0)).astype(np.float64)
    return result


def fit_drag(t: F64, h: F64, terminal: tuple[float, float], back_s: float) -> DragFit:
    """Least-squares quadratic-drag fall (from rest at its apex) through the heights ``h``:
    a grid over the terminal speed and the apex time (``back_s`` before the first point to
    0.3 s after it), the top height solved for each, then a finer grid around the best."""

    def search(speeds_in: NDArray[np.floating], apexes_in: NDArray[np.floating]) -> DragFit:
        speeds = speeds_in.astype(np.float64)
        apexes = apexes_in.astype(np.float64)
        x = G * (t[None, None, :] - apexes[None, :, None]) / speeds[:, None, None]
        drop = (speeds**2 / G)[:, None, None] * _log_cosh(x)
        top = (h[None, None, :] + drop).mean(axis=2)
        rms = np.sqrt(((h[None, None, :] + drop - top[:, :, None]) ** 2).mean(axis=2))
        i, j = np.unravel_index(int(np.argmin(rms)), rms.shape)
        return DragFit(float(speeds[i]), float(apexes[j]), float(top[i, j]), float(rms[i, j]))

    low, high = terminal
    start = float(t[0])
    coarse = search(np.geomspace(low, high, 24), np.arange(start - back_s, start + 0.3, 0.04))
    step = (high / low) ** (1 / 23)
    near = np.geomspace(coarse.terminal_mps / step, coarse.terminal_mps * step, 13)
    speeds = np.clip(near, low, high)
    return search(speeds, np.linspace(coarse.apex_s - 0.04, coarse.apex_s + 0.04, 21))


def _drag_height_variance(t: F64, h: F64, fit: DragFit, at: float) -> float:
    """The variance of the drag model's height at ``at`` from its fit to the track (the
    linearised least-squares covariance of top height, release time and terminal speed)."""
    step = 0.01 * fit.terminal_mps
    lighter = DragFit(fit.terminal_mps + step, fit.apex_s, fit.top_m, fit.rms_m)
    jac = np.column_stack(
        [
            np.ones_like(t),
            np.array([fit.speed(float(ti)) for ti in t]),
            (lighter.heights(t) - fit.heights(t)) / step,
        ]
    )
    residual = h - fit.heights(t)
    s2 = float(residual @ residual) / max(len(t) - 3, 1)
    cov = s2 * np.linalg.pinv(jac.T @ jac)
    at_jac = np.array(
        [1.0, fit.speed(at), (lighter.height(at) - fit.height(at)) / step], dtype=np.float64
    )
    return max(float(at_jac @ cov @ at_jac), 0.0)


def _drag_fall(t: F64, h: F64, o: FallOptions, parabola_rms_m: float) -> DragFit | None:
    """The drag fit of a track the parabola refused, when it is a light object's fall (see
    ``FallOptions.drag_min_s``), else None."""
    low, high = o.drag_terminal_mps
    fit = fit_drag(t, h, o.drag_terminal_mps, o.max_back_s)
    start, end = fit.speed(float(t[0])), fit.speed(float(t[-1]))
    if (
        fit.rms_m > parabola_rms_m
        or not low * 1.05 < fit.terminal_mps < high / 1.05
        or fit.apex_s < float(t[0]) - o.max_back_s + 0.05
        or start > 0.5 * fit.terminal_mps
        or end - start < o.drag_min_gain_mps
    ):
        return None
    return fit


def _frozen_share(t: F64, x: F64, y: F64, o: FallOptions) -> float:
    """Among pairs of consecutive frames (analysis pixels) where the track's own parabola moves
    by ``frozen_min_move`` or more, the share in which the object did not move at all."""
    if len(t) < 4:
        return 0.0
    dt = np.diff(t)
    frame = float(np.median(dt))
    predicted = np.abs(np.diff(np.polyval(np.polyfit(t, y, 2), t)))
    counted = (dt < 1.5 * frame) & (predicted >= o.frozen_min_move)
    if counted.sum() < 4:
        return 0.0
    still = (np.abs(np.diff(x)) < o.frozen_px) & (np.abs(np.diff(y)) < o.frozen_px)
    return float(np.mean(still[counted]))


def evaluate(
    facade: Facade, t: F64, x: F64, y: F64, options: FallOptions, *, pixel_scale: float = 1.0
) -> FallFit | Rejection:
    """Test one track (times in seconds, camera-pixel x, y). ``pixel_scale``: camera pixels per
    analysis pixel, so that the fit tolerances follow the resolution that was analysed."""
    o = options
    if len(t) < o.min_points:
        return Rejection("points")
    duration = float(t[-1] - t[0])
    if duration < o.min_duration_s:
        return Rejection("short")
    fu, fv = apply(facade.image_to_facade, x, y).T
    h = fv * facade.floor_height_m
    if h[0] - h[-1] < o.min_drop_m:
        return Rejection("drop")
    t0 = float(t[0])
    tr = t - t0
    scale = 1.0 / pixel_scale
    frozen = _frozen_share(tr, x * scale, y * scale, o)
    if frozen > o.max_frozen_share:
        return Rejection("frozen", f"stands still in {frozen:.0%} of its frames")
    coef, residual, cov = _polyfit(tr, h, 2)
    acceleration = -2.0 * float(coef[2])
    # residuals in camera pixels: the local pixels per metre at the track's middle
    xm, ym = float(np.median(x)), float(np.median(y))
    near = apply(facade.image_to_facade, np.array([xm, xm]), np.array([ym, ym + 1.0]))
    ppm = 1.0 / max(abs(float(near[0, 1] - near[1, 1])) * facade.floor_height_m, 1e-9)
    rms_m = float(np.sqrt(np.mean(residual**2)))
    fit_px = rms_m * ppm / pixel_scale
    refused = _parabola_rejection(tr, h, acceleration, fit_px, cov, o=o)
    end_speed = -(float(coef[1]) + 2 * float(coef[2]) * float(tr[-1]))
    drag: DragFit | None = None
    if refused is not None:
        if (
            duration >= o.drag_min_s
            and refused.kind in _DRAG_EXPLAINS
            and (refused.kind != "acceleration" or acceleration < o.accel_low * G)
        ):
            drag = _drag_fall(tr, h, o, rms_m)
        if drag is None or drag.rms_m * ppm / pixel_scale > o.max_fit_px:
            return refused
        fit_px = drag.rms_m * ppm / pixel_scale
        end_speed = drag.speed(float(tr[-1]))
        # reported: the acceleration of the track's first second
        early_end = min(float(tr[-1]), o.origin_window_s)
        acceleration = (drag.speed(early_end) - drag.speed(0.0)) / early_end
    if end_speed < o.min_end_speed_mps:
        return Rejection("slow")
    # quadratic: moving towards the camera bends the path in the picture (cubic when long)
    side, side_res, _ = _polyfit(tr, x, 3 if duration > o.long_side_s else 2)
    side_px = float(np.sqrt(np.mean(side_res**2))) / pixel_scale
    if side_px > o.max_side_px:
        return Rejection("sway", f"sways sideways ({side_px:.2f} px)")
    # Sideways speed in metres: the facade's pixels are square, so the vertical scale holds.
    tm = float(np.median(tr))
    side_mps = abs(sum(k * float(side[k]) * tm ** (k - 1) for k in range(1, len(side)))) / ppm
    if side_mps > o.max_side_mps:
        return Rejection("sideways", f"{side_mps:.1f} m/s sideways")
    # the model's residual over every point (the parabola's without its outlier removal, as
    # the hinge's)
    if drag is not None:
        model_rss = drag.rms_m**2 * len(t)
    else:
        plain = np.polyval(np.polyfit(tr, h, 2), tr)
        model_rss = float(((h - plain) ** 2).sum())
    if len(t) >= 5 and _hinge_rss(tr, h) < o.min_hinge_share**2 * model_rss:
        return Rejection("hinge", "two straight pieces fit better than a fall")
    if drag is not None:
        # the drag model's own release: a light object seen late has been slowed by the air,
        # and a constant acceleration would put its release too early (too high)
        origin_t = min(drag.apex_s, 0.0)
        origin_h = drag.height(origin_t)
        origin_var = _drag_height_variance(tr, h, drag, origin_t)
    else:
        origin_t, origin_h, origin_var = _parabola_origin(tr, h, acceleration, o)
    if origin_t < -o.max_back_s:
        return Rejection("extrapolation")
    u_coef, _, _ = _polyfit(tr, fu, 1)
    origin_u = float(u_coef[0] + u_coef[1] * origin_t)
    # An object leaves half a metre to a metre in front of the calibrated plane, so through
    # the homography it appears higher than it is, by its height above the camera times
    # (distance from the plane / camera distance): typically 1-2 %. Take the typical share
    # off the height above the ground (the camera stands near the ground).
    ground = (facade.lowest_floor - 1) * facade.floor_height_m
    origin_h = (origin_h + ground) * (1.0 - o.front_share) - ground
    origin_v = origin_h / facade.floor_height_m
    sigma = math.sqrt(
        origin_var + o.model_sigma_m**2 + (o.model_sigma_share * max(origin_h + ground, 0.0)) ** 2
    )
    m = o.facade_margin
    # Above the top floor an origin may lie by its own uncertainty too (a fall first seen
    # late, extrapolated back seconds, from a top-floor window or the roof): it is the top
    # floor's. Below and beside, the facade's edge is seen and the margin holds.
    top = facade.floors + m + 2.0 * sigma / facade.floor_height_m
    if not (-m <= origin_u <= facade.columns + m and -m <= origin_v <= top):
        return Rejection("off-facade", f"origin at column {origin_u:.1f}, floor {origin_v:.1f}")
    fh = facade.floor_height_m
    floor = facade.floor_at(origin_v)
    low = facade.floor_at((origin_h - 2 * sigma) / fh)
    high = facade.floor_at((origin_h + 2 * sigma) / fh)
    ox, oy = facade.to_image(origin_u, origin_v)
    # Confidence: closeness to g, fit quality, length of evidence, extrapolation needed.
    c_acc = max(0.0, 1.0 - abs(acceleration / G - 1.0) / 0.6)
    c_fit = max(0.0, 1.0 - fit_px / (2 * o.max_fit_px))
    c_len = min(1.0, len(t) / 20)
    c_back = max(0.0, 1.0 - max(-origin_t - 0.3, 0.0) / (2 * o.max_back_s))
    confidence = round(0.25 + 0.75 * (c_acc * c_fit * c_len * c_back) ** 0.5, 3)
    return FallFit(
        origin_s=t0 + origin_t,
        start_s=t0,
        end_s=float(t[-1]),
        origin_u=origin_u,
        origin_v=origin_v,
        origin_px=(ox, oy),
        acceleration=acceleration,
        fit_px=fit_px,
        height_sigma_m=sigma,
        floor=floor,
        floor_low=min(low, floor),
        floor_high=max(high, floor),
        column=facade.column_at(origin_u),
        confidence=confidence,
        points=tuple((float(a), float(b), float(c)) for a, b, c in zip(t, x, y, strict=True)),
    )
