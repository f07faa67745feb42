package runner

import "github.com/maplab/maplab/internal/results"

// EventType names a progress event.
type EventType string

// The progress events a run emits.
const (
	// EventPlan is emitted once, when the run knows how many cells it will
	// measure (Total) and how many it reuses (Reused), on which toolchains
	// (Toolchains), and how many of the cells to measure are timing cells
	// (TimingCells), which run last and alone, with how many trials before
	// the sequential rule's second look (TimingTrials), and how many are
	// the alone cells pinned to the first CPUs (BesideCells), which run
	// first while builds run beside them.
	EventPlan EventType = "plan"
	// EventCellReused is emitted for each cell kept from an earlier run.
	EventCellReused EventType = "cell-reused"
	// EventCellStart is emitted when a cell's build and trials begin.
	EventCellStart EventType = "cell-start"
	// EventCellDone is emitted when a cell has been measured and stored.
	EventCellDone EventType = "cell-done"
	// EventRunDone is emitted once, last, when every cell of the plan has
	// been measured or reused: Done cells measured now with Trials trials,
	// Reused kept from earlier runs (the run's Summary).
	EventRunDone EventType = "run-done"
)

// Event reports progress.
type Event struct {
	Type      EventType `json:"type"`
	Task      string    `json:"task,omitempty"`
	Toolchain string    `json:"toolchain,omitempty"`
	Probe     string    `json:"probe,omitempty"`
	Done      int       `json:"done,omitempty"`
	Total     int       `json:"total,omitempty"`
	Reused    int       `json:"reused,omitempty"`
	Trials    int       `json:"trials,omitempty"`
	// Toolchains lists the IDs of the plan's toolchains, in plan order.
	Toolchains []string `json:"toolchains,omitempty"`
	// TimingCells and TimingTrials describe the plan's timing cells
	// (EventPlan); Timing marks a timing cell (EventCellStart,
	// EventCellDone).
	TimingCells  int  `json:"timing_cells,omitempty"`
	TimingTrials int  `json:"timing_trials,omitempty"`
	Timing       bool `json:"timing,omitempty"`
	// BesideCells counts the plan's alone cells pinned to the first CPUs
	// (EventPlan); Beside marks one (EventCellStart, EventCellDone).
	BesideCells int           `json:"beside_cells,omitempty"`
	Beside      bool          `json:"beside,omitempty"`
	Cell        *results.Cell `json:"cell,omitempty"`
}
