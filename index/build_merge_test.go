package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// planSegment is a segment of the given number of live documents for
// mergeplan.Plan.
type planSegment struct {
	id   uint64
	docs int64
}

func (s planSegment) Id() uint64          { return s.id }
func (s planSegment) FullSize() int64     { return s.docs }
func (s planSegment) LiveSize() int64     { return s.docs }
func (s planSegment) HasVector() bool     { return false }
func (s planSegment) FileSize() int64     { return s.docs * 20000 }
func (s planSegment) LiveFileSize() int64 { return s.docs * 20000 }

// TestTidyMergePlan checks the final merge of a large index: the small
// segments are merged into segments under the cap, the large ones are
// not touched.
func TestTidyMergePlan(t *testing.T) {
	const maxDocs = 30000
	var segs []mergeplan.Segment
	id := uint64(0)
	add := func(n int, docs int64) {
		for range n {
			id++
			segs = append(segs, planSegment{id, docs})
		}
	}
	add(8, 25000) // left alone
	add(1, 14000)
	add(3, 5000)
	add(70, 250)
	opt := tidyMergePlan(maxDocs)
	if err := mergeplan.ValidateMergePlannerOptions(&opt); err != nil {
		t.Fatal(err)
	}
	plan, err := mergeplan.Plan(segs, &opt)
	if err != nil {
		t.Fatal(err)
	}
	merged := map[uint64]bool{}
	smallCount := 0
	for _, s := range segs {
		if s.LiveSize() < maxDocs/2 {
			smallCount++
		}
	}
	for _, task := range plan.Tasks {
		var docs int64
		for _, s := range task.Segments {
			if s.LiveSize() >= maxDocs/2 {
				t.Errorf("segment of %d documents merged", s.LiveSize())
			}
			if merged[s.Id()] {
				t.Errorf("segment %d in two tasks", s.Id())
			}
			merged[s.Id()] = true
			docs += s.LiveSize()
		}
		if docs >= maxDocs {
			t.Errorf("task of %d documents, cap %d", docs, maxDocs)
		}
		if len(task.Segments) > maxForceMergeFanIn {
			t.Errorf("task of %d segments", len(task.Segments))
		}
	}
	// 74 small segments (46,500 documents) become two of 16,000 and
	// 30,000 documents at most; a single one may be left over.
	if len(plan.Tasks) != 2 || len(merged) < smallCount-1 {
		t.Errorf("%d tasks merging %d of %d small segments, want 2 tasks and all but one", len(plan.Tasks), len(merged), smallCount)
	}
}

// TestMergeConfigFanIn checks that MergeFanIn sets the merge task size,
// the tier size and the tier growth of bleve's plan together.
func TestMergeConfigFanIn(t *testing.T) {
	o := BuildOptions{MergeFanIn: 100, MergeFloorDocs: 250}
	o.setDefaults()
	mp, _ := mergeConfig(o)["scorchMergePlanOptions"].(map[string]interface{})
	want := map[string]interface{}{"MaxSegmentSize": 30000, "FloorSegmentSize": 250,
		"SegmentsPerMergeTask": 100, "MaxSegmentsPerTier": 100, "TierGrowth": 100.0}
	if !reflect.DeepEqual(mp, want) {
		t.Errorf("mergeConfig = %v, want %v", mp, want)
	}
}
