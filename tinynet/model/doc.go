// Package model is a trained network as a library type: what a program needs to save a
// model, load it elsewhere (a CLI run, a firmware service) and predict with it exactly as
// training saw the data.
//
// A Model holds the network (tinynet.Net), the task (regression with mean squared error,
// or classification with softmax cross-entropy), the feature and target column names,
// the input standardization, the target standardization (regression), an optional
// Forster map, the name of the training method, the count of accepted steps, the
// producing program's version and opaque optimizer state.
//
// # The input pipeline
//
// Training and prediction apply the same steps to a raw feature row x (in the data's
// units, features in the model's order):
//
//  1. standardize: s_j = (x_j − mean_j) / std_j, with the statistics fitted on the
//     training rows (FitNorm; a constant column gets std 1);
//  2. if the model has a Forster map T (M_0×M_0): z = s·T / ‖s·T‖, a row vector times T,
//     rescaled to unit length (a row mapping to zero stays zero);
//  3. forward through the network: f = u_L (tinynet's NTK parameterization);
//  4. regression: y_c = f_c·std_c + mean_c in the target's units; classification:
//     p = softmax(f), the class probabilities.
//
// MapInputs is steps 1–2 and MapOutputs step 4; a Predictor does all four with buffers
// sized for prediction only (no activation derivatives or backward signals) and without
// allocating.
//
// # Preparing a table for training
//
// For data in a table (package table reads CSV files), the preparation is, in order:
//
//	cols, err := model.SelectColumns(t, task, targets, label, prev) // which columns
//	train, valid := model.Split(t.Rows, 0.2, seed, false)         // which rows
//	k, err := model.CountClasses(t, cols.Targets[0], train, valid)  // classifiers: C = k
//	m.SetColumns(t, cols)                                           // names into the model
//	m.FitNorm(t, cols, train)                                       // statistics of the training rows
//	d, err := m.Prepare(t, cols)                                    // every row through MapInputs
//	d.Batch(rows, x, y)                                             // a batch for a trainer step
//
// and for prediction, cols, err := m.InputColumns(t) finds the model's features by name.
// A Forster map, if wanted, is fitted between FitNorm and the final Prepare on the
// standardized training inputs (d.Inputs(train)); package core does the fitting.
//
// # Checkpoint format
//
// Save writes a safetensors file: an 8-byte little-endian unsigned header length n, n
// bytes of JSON header (padded with spaces to a multiple of 8), then the data buffer.
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
// (offsets into the data buffer, which the tensors tile without gaps) and holds a
// "__metadata__" object of string values. Tensors are written as little-endian F32; F64
// tensors are read too. The tensors:
//
//	layers.{i}.weight  [M_{i+1}, M_i]  effective weight s·W of layer i+1 (s = σ_w/√M_i),
//	                                   so out = weight·in + bias as in torch.nn.Linear
//	layers.{i}.bias    [M_{i+1}]       effective bias σ_b·b
//	norm.x_mean, norm.x_std  [M_0]     input standardization (absent: none)
//	norm.y_mean, norm.y_std  [C]       target standardization (regression; absent: none)
//	forster.map        [M_0, M_0]      the Forster map T (absent: none)
//	optim.{name}       any shape       optimizer state, opaque to this package
//
// The metadata keys:
//
//	format_version    "2" (version 1 wrote comma-joined name lists and norm.forster)
//	producer          the writing program and its version, e.g. "edgetrain v0.3.0"
//	widths            "M_0,M_1,…,C"
//	activation        tanh, relu, sigmoid or identity (hidden layers)
//	parameterization  "ntk"
//	sigma_w, sigma_b  the NTK scales
//	task              regression or classification
//	method, step      the training method and the number of accepted steps
//	features, targets JSON arrays of the column names, e.g. ["a,b","temp \"C\""]
//	crc32             IEEE CRC-32 of the data buffer, 8 lowercase hex digits
//
// Column names must be valid UTF-8; within that any name round-trips.
//
// Load reads a checkpoint by sections and checks it before it allocates: the header
// length against the file size, every tensor's shape and offsets against the data buffer
// and against the widths in the metadata, then the CRC, then each tensor's values (all
// finite, every standard deviation a positive normal float32). So a corrupt or hostile
// file costs at most its own size in memory and gives an error saying what is wrong.
package model
