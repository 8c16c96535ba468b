package cmm

import "testing"

// An -O dump of base's cbits/CastFloatWord.cmm: block c5 is gone, its
// table is still listed.
const deadTableDump = `
==================== Output Cmm ====================
[stg_word64ToDoublezh() { //  [R1]
         { info_tbls: [(c5,
                        label: block_c5_info
                        rep: StackRep [True]
                        srt: Nothing)]
           stack_info: arg_space: 8
         }
     {offset
       c8: // global
           _c3::P64 = Sp - 8;
           I64[_c3::P64] = R1;
           D1 = F64[_c3::P64];
           call (P64[Sp])(D1) args: 8, res: 0, upd: 8;
     }
 }]
`

func TestLiveInfoTables(t *testing.T) {
	f, err := Parse("CastFloatWord.dump-cmm", []byte(deadTableDump))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Decls[0].(*Proc)
	if len(p.InfoTables) != 1 {
		t.Fatalf("parsed %d info tables, want the dump's 1", len(p.InfoTables))
	}
	if live := p.LiveInfoTables(); len(live) != 0 {
		t.Errorf("LiveInfoTables = %v, want none: block c5 is not in the procedure", live)
	}
}
