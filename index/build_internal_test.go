package index

import (
	"reflect"
	"testing"
)

func TestMergeConfig(t *testing.T) {
	plan := func(kv ...interface{}) map[string]interface{} {
		mp := map[string]interface{}{}
		for i := 0; i < len(kv); i += 2 {
			mp[kv[i].(string)] = kv[i+1]
		}
		return map[string]interface{}{"scorchMergePlanOptions": mp}
	}
	tests := []struct {
		name string
		in   BuildOptions
		want map[string]interface{}
	}{
		{"defaults", BuildOptions{}, plan("MaxSegmentSize", 30000, "FloorSegmentSize", 250,
			"SegmentsPerMergeTask", 100, "MaxSegmentsPerTier", 100, "TierGrowth", 100.0)},
		{"bleve's fan-in", BuildOptions{MergeFanIn: -1}, plan("MaxSegmentSize", 30000, "FloorSegmentSize", 250)},
		{"floor without cap", BuildOptions{MergeFloorDocs: 500, MaxSegmentDocs: -1, MergeFanIn: -1}, plan("FloorSegmentSize", 500)},
		{"bleve's plan", BuildOptions{MaxSegmentDocs: -1, MergeFloorDocs: -1, MergeFanIn: -1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.in
			o.setDefaults()
			if got := mergeConfig(o); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mergeConfig(%+v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
